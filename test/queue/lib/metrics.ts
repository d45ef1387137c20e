/** Figures computed from worker log events, the fake's request log and the reported items. */
import { stripDirectives } from '../../fake-tomoviee';
import type { JobEvent } from './n8nProcess';

export interface JobSpan {
	executionId: string;
	jobId: string;
	start: number;
	/** undefined: the job never finished on this worker (the worker died). */
	end?: number;
}

/** Jobs of the given executions, paired start/finish by job id. */
export function jobSpans(events: JobEvent[], executionIds: Set<string>): JobSpan[] {
	const spans = new Map<string, JobSpan>();
	for (const event of events) {
		if (!executionIds.has(event.executionId)) continue;
		if (event.kind === 'started')
			spans.set(event.jobId, { executionId: event.executionId, jobId: event.jobId, start: event.at });
		else {
			const span = spans.get(event.jobId);
			if (span) span.end = event.at;
		}
	}
	return [...spans.values()];
}

/** Most jobs running at the same moment. */
export function peakConcurrent(spans: JobSpan[]): number {
	const points = spans.flatMap((span) => [
		{ at: span.start, delta: 1 },
		{ at: span.end ?? Number.POSITIVE_INFINITY, delta: -1 },
	]);
	// At equal times a finish counts before a start: a slot handed over is not two jobs at once.
	points.sort((a, b) => a.at - b.at || a.delta - b.delta);
	let running = 0;
	let peak = 0;
	for (const point of points) {
		running += point.delta;
		peak = Math.max(peak, running);
	}
	return peak;
}

/** Seconds of worker slots held by these jobs. */
export function slotSeconds(spans: JobSpan[], now = Date.now()): number {
	return spans.reduce((sum, span) => sum + ((span.end ?? now) - span.start) / 1000, 0);
}

export const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

/**
 * An output item with what belongs to one task taken out: its task id (also inside the file name and the video URL),
 * the URL's signature and expiry, and the prompt text (checked separately against the item's own prompt). What is
 * left must be identical between queue mode and regular mode, field for field.
 */
export function comparable(json: Record<string, unknown>): Record<string, unknown> {
	const taskId = typeof json.taskId === 'string' && json.taskId !== '' ? json.taskId : undefined;
	let text = JSON.stringify(json);
	if (taskId) text = text.split(taskId).join('<task>');
	text = text.replace(/Expires=\d+/g, 'Expires=<expires>').replace(/Signature=[^"&\\]+/g, 'Signature=<signature>');
	const result = JSON.parse(text) as Record<string, unknown>;
	if ('translatedPrompt' in result) result.translatedPrompt = '<prompt>';
	return result;
}

/** What the fake reports as the translated prompt of a task created with this prompt. */
export const expectedTranslatedPrompt = (prompt: string) => stripDirectives(prompt);
