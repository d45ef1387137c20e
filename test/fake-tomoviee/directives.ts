import type { CallbackMode, CreateRejection, TaskOutcome, VideoFailure } from './options';

/**
 * Per-task overrides written into the prompt as `[fake:name]` or `[fake:name=value]`, so one workflow or one
 * batch can mix outcomes. They win over the global switches and are removed from translate_prompt.
 */
export interface TaskDirectives {
	outcome?: TaskOutcome;
	failureReason?: string;
	durationMs?: number;
	createRejection?: CreateRejection;
	callbackMode?: CallbackMode;
	videoFailure?: VideoFailure;
	videoSizeBytes?: number;
}

const DIRECTIVE_PATTERN = /\[fake:([a-z]+)(?:=([^\]]*))?\]/gi;

const OUTCOME_DIRECTIVES: Record<string, TaskOutcome> = {
	success: 'success',
	fail: 'fail',
	cancel: 'cancel',
	timeout: 'timeout',
	novideo: 'novideo',
	badresult: 'badresult',
};

const VIDEO_FAILURES: Record<string, VideoFailure> = {
	ok: 'none',
	truncate: 'truncate',
	'404': 'notFound',
	expired: 'expired',
};

const CALLBACK_MODES: CallbackMode[] = ['once', 'twice', 'late', 'never'];

function nonNegativeInteger(value: string | undefined): number | undefined {
	const parsed = Number(value);
	return value !== undefined && Number.isInteger(parsed) && parsed >= 0 ? parsed : undefined;
}

function applyDirective(directives: TaskDirectives, name: string, value: string | undefined): void {
	if (name in OUTCOME_DIRECTIVES) {
		directives.outcome = OUTCOME_DIRECTIVES[name];
		if (name === 'fail' && value) directives.failureReason = value;
	} else if (name === 'duration') {
		directives.durationMs = nonNegativeInteger(value);
	} else if (name === 'balance') {
		directives.createRejection = 'insufficientBalance';
	} else if (name === 'capability') {
		directives.createRejection = 'capabilityNotEnabled';
	} else if (name === 'callback' && CALLBACK_MODES.includes(value as CallbackMode)) {
		directives.callbackMode = value as CallbackMode;
	} else if (name === 'video' && value !== undefined && value in VIDEO_FAILURES) {
		directives.videoFailure = VIDEO_FAILURES[value];
	} else if (name === 'videosize') {
		directives.videoSizeBytes = nonNegativeInteger(value);
	}
}

export function parseDirectives(prompt: string): TaskDirectives {
	const directives: TaskDirectives = {};
	for (const match of prompt.matchAll(DIRECTIVE_PATTERN)) {
		applyDirective(directives, match[1].toLowerCase(), match[2]);
	}
	return directives;
}

export function stripDirectives(prompt: string): string {
	return prompt.replace(DIRECTIVE_PATTERN, '').replace(/\s+/g, ' ').trim();
}
