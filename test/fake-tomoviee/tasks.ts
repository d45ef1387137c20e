import { randomBytes } from 'node:crypto';
import type { TaskDirectives } from './directives';
import { stripDirectives } from './directives';
import { FILE_TYPES, type FakeFileKind, type FakeOutput } from './capabilities';
import type {
	CallbackMode,
	FakeTomovieeSwitches,
	ProgressField,
	TaskHints,
	TaskOutcome,
	VideoFailure,
} from './options';
import type { CreateTaskBody } from './validation';
import type { VideoUrlSigner } from './video';

export const TaskStatus = {
	Queued: 1,
	Processing: 2,
	Succeeded: 3,
	Failed: 4,
	Cancelled: 5,
	TimedOut: 6,
} as const;
export type TaskStatusCode = (typeof TaskStatus)[keyof typeof TaskStatus];

export const CAPABILITY = 'tm_img2video_b';
const MODEL_VERSION = 'fake-L0-1';
const WSID = 123;

/** Everything decided at creation: later configure() calls do not change a task already running. */
export interface TaskRecord {
	taskId: string;
	createdAtMs: number;
	/** The capability id the task was created with (its create path's last segment). */
	capability: string;
	/**
	 * The create body as received. Typed as image-to-video's; other capabilities' bodies have their own fields, and
	 * `prompt` is missing for those without one (text to speech, video scoring, image recognition).
	 */
	request: CreateTaskBody & Record<string, unknown>;
	/** The files a success lists, by kind and result key. */
	outputs: FakeOutput[];
	queueMs: number;
	processingMs: number;
	outcome: TaskOutcome;
	failureReason: string;
	callbackMode: CallbackMode;
	callbackDelayMs: number;
	/** Per-task override from a directive; undefined follows the global videoFailure switch at download time. */
	videoFailure?: VideoFailure;
	videoSizeBytes: number;
	videoExpiresUnix: number;
	/** fetchInputs: the task's input URLs are still being downloaded; it cannot end before they are. */
	inputsPending?: boolean;
}

/** The task object exactly as the query's `data` (and the callback body) carries it. */
export interface TaskData {
	task_id: string;
	wsid: number;
	priority: number;
	status: TaskStatusCode;
	reason: string;
	progress?: number;
	process?: number;
	position: number;
	/** Absent while running when the hints switch is 'statusOnly'. */
	wait_time?: number;
	delay: boolean;
	params: string;
	result: string;
}

const FINAL_STATUS: Record<TaskOutcome, TaskStatusCode> = {
	success: TaskStatus.Succeeded,
	novideo: TaskStatus.Succeeded,
	badresult: TaskStatus.Succeeded,
	fail: TaskStatus.Failed,
	cancel: TaskStatus.Cancelled,
	timeout: TaskStatus.TimedOut,
};

/** `tm_img2video_b-0-` + yyyyMMddHHmm + 10 hex digits, like the contract's sample id. */
function newTaskId(now: Date, capability: string): string {
	const stamp = now.toISOString().replace(/[-T:]/g, '').slice(0, 12);
	return `${capability}-0-${stamp}${randomBytes(5).toString('hex')}`;
}

/** Image-to-video's one video under video_path. */
const ONE_VIDEO: FakeOutput[] = [{ keys: ['video_path'], kind: 'video', count: 1 }];

/** A stored file of a task: the index-th over all its outputs. */
export interface StoredFile {
	task: TaskRecord;
	index: number;
	kind: FakeFileKind;
}

/** Splits a total duration the way queueMs:processingMs splits the default one. */
function splitDuration(totalMs: number, switches: FakeTomovieeSwitches): { queueMs: number; processingMs: number } {
	const defaultTotal = switches.queueMs + switches.processingMs;
	const queueMs = defaultTotal > 0 ? Math.round((totalMs * switches.queueMs) / defaultTotal) : 0;
	return { queueMs, processingMs: Math.max(totalMs - queueMs, 0) };
}

function plannedDurations(directives: TaskDirectives, switches: FakeTomovieeSwitches) {
	const totalMs = directives.durationMs ?? switches.durationSampler?.();
	if (totalMs === undefined || !Number.isFinite(totalMs)) {
		return { queueMs: switches.queueMs, processingMs: switches.processingMs };
	}
	return splitDuration(Math.max(Math.round(totalMs), 0), switches);
}

export class TaskStore {
	private readonly tasks = new Map<string, TaskRecord>();

	constructor(private readonly signer: VideoUrlSigner) {}

	create(
		request: CreateTaskBody & Record<string, unknown>,
		directives: TaskDirectives,
		switches: FakeTomovieeSwitches,
		nowMs: number,
		capability: string = CAPABILITY,
		outputs: FakeOutput[] = ONE_VIDEO,
	): TaskRecord {
		let taskId = newTaskId(new Date(nowMs), capability);
		while (this.tasks.has(taskId)) taskId = newTaskId(new Date(nowMs), capability);
		const task: TaskRecord = {
			taskId,
			createdAtMs: nowMs,
			capability,
			request,
			outputs,
			...plannedDurations(directives, switches),
			outcome: directives.outcome ?? switches.outcome,
			failureReason: directives.failureReason ?? switches.failureReason,
			callbackMode: directives.callbackMode ?? switches.callbackMode,
			callbackDelayMs: switches.callbackDelayMs,
			videoFailure: directives.videoFailure,
			videoSizeBytes: directives.videoSizeBytes ?? switches.videoSizeBytes,
			videoExpiresUnix: Math.floor(nowMs / 1000) + switches.videoExpiresInSeconds,
		};
		this.tasks.set(taskId, task);
		return task;
	}

	get(taskId: string): TaskRecord | undefined {
		return this.tasks.get(taskId);
	}

	list(): TaskRecord[] {
		return [...this.tasks.values()];
	}

	clear(): void {
		this.tasks.clear();
	}

	/** The task as the API shows it at `nowMs`. */
	view(
		task: TaskRecord,
		nowMs: number,
		baseUrl: string,
		progressField: ProgressField,
		hints: TaskHints = 'all',
	): TaskData {
		const status = statusAt(task, nowMs);
		const hinted = hints === 'all' || status >= TaskStatus.Succeeded;
		const progress = hinted ? progressAt(task, status, nowMs) : 0;
		// Built in the contract sample's field order, with progress under the configured name(s).
		const data: TaskData = {
			task_id: task.taskId,
			wsid: WSID,
			priority: 0,
			status,
			reason: reasonFor(task, status),
			...(progressField !== 'process' ? { progress } : {}),
			...(progressField !== 'progress' ? { process: progress } : {}),
			position: hinted && status === TaskStatus.Queued ? this.queuePosition(task, nowMs) : -1,
			...(hinted ? { wait_time: waitTimeSeconds(task, status, nowMs) } : {}),
			delay: false,
			params: task.request.params ?? '',
			result: status === TaskStatus.Succeeded ? this.resultString(task, baseUrl) : '',
		};
		return data;
	}

	isFinal(task: TaskRecord, nowMs: number): boolean {
		return statusAt(task, nowMs) >= TaskStatus.Succeeded;
	}

	/** Tasks queued or processing at `nowMs`: what an account's limit on tasks at once counts. */
	runningCount(nowMs: number): number {
		let running = 0;
		for (const task of this.tasks.values()) if (!this.isFinal(task, nowMs)) running += 1;
		return running;
	}

	/** The URL of the task's first file (its video, for image-to-video). */
	videoUrl(task: TaskRecord, baseUrl: string): string {
		return this.fileUrl(task, baseUrl, 0);
	}

	/** `<taskId>.<ext>` for the first file, `<taskId>_<index>.<ext>` for the others. */
	fileName(task: TaskRecord, index: number): string {
		const kind = this.kindOf(task, index) ?? 'video';
		return `${task.taskId}${index === 0 ? '' : `_${index}`}.${FILE_TYPES[kind].extension}`;
	}

	fileUrl(task: TaskRecord, baseUrl: string, index: number): string {
		return this.signer.buildFileUrl(baseUrl, this.fileName(task, index), task.videoExpiresUnix);
	}

	/** The task file a storage path names, if any. */
	findFile(fileName: string): StoredFile | undefined {
		const match = /^(.+?)(?:_(\d+))?\.([a-z0-9]+)$/.exec(fileName);
		const candidates = match ? [{ taskId: match[1], index: Number(match[2] ?? 0) }] : [];
		// A task id may itself end in _<digits>: then the whole name without extension is the id.
		const whole = fileName.replace(/\.[a-z0-9]+$/, '');
		candidates.push({ taskId: whole, index: 0 });
		for (const { taskId, index } of candidates) {
			const task = this.tasks.get(taskId);
			const kind = task && this.kindOf(task, index);
			if (task && kind && this.fileName(task, index) === fileName) return { task, index, kind };
		}
		return undefined;
	}

	private kindOf(task: TaskRecord, index: number): FakeFileKind | undefined {
		let first = 0;
		for (const output of task.outputs) {
			if (index < first + output.count) return output.kind;
			first += output.count;
		}
		return undefined;
	}

	/** 1 + the number of tasks created earlier that are still queued. */
	private queuePosition(task: TaskRecord, nowMs: number): number {
		let ahead = 0;
		for (const other of this.tasks.values()) {
			if (other === task) break;
			if (statusAt(other, nowMs) === TaskStatus.Queued) ahead += 1;
		}
		return ahead + 1;
	}

	private resultString(task: TaskRecord, baseUrl: string): string {
		const result: Record<string, unknown> = {
			model_version: MODEL_VERSION,
			translate_prompt: stripDirectives(typeof task.request.prompt === 'string' ? task.request.prompt : ''),
		};
		let index = 0;
		for (const output of task.outputs) {
			const urls = Array.from({ length: output.count }, () => this.fileUrl(task, baseUrl, index++));
			// novideo: a success that lists no file at all.
			for (const key of output.keys) result[key] = task.outcome === 'novideo' ? [] : urls;
		}
		const json = JSON.stringify(result);
		// badresult: a cut-off JSON string, as a truncated gateway payload would look.
		return task.outcome === 'badresult' ? json.slice(0, Math.floor(json.length / 2)) : json;
	}
}

function statusAt(task: TaskRecord, nowMs: number): TaskStatusCode {
	const elapsed = nowMs - task.createdAtMs;
	if (elapsed < task.queueMs) return TaskStatus.Queued;
	if (elapsed < task.queueMs + task.processingMs || task.inputsPending) return TaskStatus.Processing;
	return FINAL_STATUS[task.outcome];
}

/** 0 while queued, rising 0-99 while processing, 100 on success, 0 on other final statuses. */
function progressAt(task: TaskRecord, status: TaskStatusCode, nowMs: number): number {
	if (status === TaskStatus.Succeeded) return 100;
	if (status !== TaskStatus.Processing) return 0;
	const processedMs = nowMs - task.createdAtMs - task.queueMs;
	return Math.min(99, Math.floor((100 * processedMs) / task.processingMs));
}

/** Seconds left while running; once final, the whole run time (the contract's sample shows a positive value). */
function waitTimeSeconds(task: TaskRecord, status: TaskStatusCode, nowMs: number): number {
	const totalMs = task.queueMs + task.processingMs;
	if (status >= TaskStatus.Succeeded) return Math.ceil(totalMs / 1000);
	// Never below 0: a task waiting for its input downloads (fetchInputs) runs past its planned time.
	return Math.max(0, Math.ceil((totalMs - (nowMs - task.createdAtMs)) / 1000));
}

function reasonFor(task: TaskRecord, status: TaskStatusCode): string {
	switch (status) {
		case TaskStatus.Queued:
			return 'queuing';
		case TaskStatus.Processing:
			return 'processing';
		case TaskStatus.Succeeded:
			return 'success';
		case TaskStatus.Failed:
			return task.failureReason;
		case TaskStatus.Cancelled:
			return 'task cancelled';
		default:
			return 'task timed out';
	}
}
