/** Reads the state of Tomoviee's task object (the `data` of POST /v1/open/pub/task), for every capability. */

/** 'unknown': a status code the docs do not name (0, 7, ...); Wondershare's client keeps polling on those. */
export type TaskStatus = 'queued' | 'processing' | 'succeeded' | 'failed' | 'cancelled' | 'timedOut' | 'unknown';

/**
 * Where the transport keeps a status query's non-zero `code` on the task object (the get-result page: the query's code
 * is the task's own error code), under the name the output gives it. Tomoviee's fields are snake_case.
 */
export const TASK_ERROR_CODE_KEY = 'errorCode';

const STATUS_BY_CODE: Readonly<Record<number, TaskStatus>> = {
	1: 'queued',
	2: 'processing',
	3: 'succeeded',
	4: 'failed',
	5: 'cancelled',
	6: 'timedOut',
};

const FINAL_STATUSES: ReadonlySet<TaskStatus> = new Set(['succeeded', 'failed', 'cancelled', 'timedOut']);

/** The state any Tomoviee task reports, whatever capability made it; its result is read by capabilityResult.ts. */
export interface TaskStatusView {
	taskId: string;
	status: TaskStatus;
	statusCode: number;
	progress: number;
	reason: string;
	params: string;
	/** The task's error code (68xxxx) when Tomoviee answered the status query with one. */
	errorCode?: number;
}

/** Queue facts the API reports while a task waits; they steer polling, they are not part of the output. */
export interface TaskTiming {
	/** Place in Tomoviee's queue, or undefined when not queued (the API sends -1). */
	queuePosition?: number;
	/** Tomoviee's estimate of the remaining wait, in seconds (the unit is undocumented; the sample reads as seconds). */
	estimatedWaitSeconds?: number;
}

/** The task answer could not be read: a broken `result`, a success without a video, an unknown status. */
export class TaskResultError extends Error {
	constructor(
		readonly taskId: string,
		message: string,
	) {
		super(message);
		this.name = 'TaskResultError';
	}
}

/** Unknown codes are not failures: the task is treated as still running until it reports a known final status. */
export function mapTaskStatus(statusCode: number): TaskStatus {
	return STATUS_BY_CODE[statusCode] ?? 'unknown';
}

export function isFinalStatus(status: TaskStatus): boolean {
	return FINAL_STATUSES.has(status);
}

/** Reads the state any Tomoviee task reports, whatever capability made it; the result is left to the caller. */
export function readTaskState(task: Record<string, unknown>): TaskStatusView {
	const taskId = asString(task.task_id);
	const statusCode = asNumber(task.status);
	if (statusCode === undefined) {
		throw new TaskResultError(taskId, `Tomoviee's answer for task ${taskId} has no status`);
	}
	const status = mapTaskStatus(statusCode);
	const errorCode = asNumber(task[TASK_ERROR_CODE_KEY]);
	return {
		taskId,
		status,
		statusCode,
		// The docs' field table says `process`, the samples and clients say `progress`.
		progress: asNumber(task.progress) ?? asNumber(task.process) ?? (status === 'succeeded' ? 100 : 0),
		reason: asString(task.reason),
		params: asString(task.params),
		...(errorCode !== undefined ? { errorCode } : {}),
	};
}

export function readTaskTiming(task: Record<string, unknown>): TaskTiming {
	const timing: TaskTiming = {};
	const position = asNumber(task.position);
	if (position !== undefined && position >= 0) timing.queuePosition = position;
	const waitTime = asNumber(task.wait_time);
	if (waitTime !== undefined && waitTime >= 0) timing.estimatedWaitSeconds = waitTime;
	return timing;
}

/** `result` is documented as a JSON string; an already-parsed object is accepted too. */
export function parseResult(taskId: string, raw: unknown): Record<string, unknown> {
	if (isPlainObject(raw)) return raw;
	if (typeof raw === 'string' && raw.trim() !== '') {
		try {
			const parsed: unknown = JSON.parse(raw);
			if (isPlainObject(parsed)) return parsed;
		} catch {
			// falls through to the error below, which names the task
		}
		throw new TaskResultError(
			taskId,
			`Tomoviee reported task ${taskId} as succeeded but its result could not be parsed as JSON`,
		);
	}
	throw new TaskResultError(taskId, `Tomoviee reported task ${taskId} as succeeded but returned no result`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asString(value: unknown): string {
	if (typeof value === 'string') return value;
	if (typeof value === 'number') return String(value);
	return '';
}

function asNumber(value: unknown): number | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return value;
	if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
	return undefined;
}
