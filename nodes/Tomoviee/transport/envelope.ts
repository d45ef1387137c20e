/**
 * Reads an HTTP answer through Tomoviee's `{ code, msg, data }` envelope into a Reply: the usable data, or the
 * classified failure (failures.ts). Pure: the unit tests drive it with recorded answers.
 */
import {
	envelopeFailure,
	httpStatusFailure,
	malformedAnswerFailure,
	parseRetryAfterMs,
	rateLimitFailure,
	redirectFailure,
	UNAUTHORIZED_CODE,
	type ApiFailure,
	type HttpAnswer,
} from './failures';

/**
 * A usable answer, or why there is none. A status query answered with a non-zero `code` that still carries the task
 * (the get-result page: the query's code is the task's own error code) is usable: `errorCode`/`errorMessage` keep it.
 */
export type Reply =
	{ ok: true; data: unknown; errorCode?: number; errorMessage?: string } | { ok: false; failure: ApiFailure };

export interface AnswerReading {
	/** Status queries: a non-zero code whose `data` holds a task object (with a `status`) is the task, not an error. */
	taskInData?: boolean;
}

export function interpretAnswer(answer: HttpAnswer, reading: AnswerReading = {}): Reply {
	const { statusCode } = answer;
	if (statusCode >= 300 && statusCode < 400) return { ok: false, failure: redirectFailure(answer) };
	const envelope = parseJsonObject(answer.body);
	const code = envelope === undefined ? undefined : readCode(envelope.code);
	if (envelope !== undefined && code !== undefined && code !== 0) {
		const data = readData(envelope.data);
		const msg = typeof envelope.msg === 'string' ? envelope.msg : '';
		if (reading.taskInData && statusCode < 400 && code !== UNAUTHORIZED_CODE && isTaskObject(data)) {
			return { ok: true, data, errorCode: code, errorMessage: msg };
		}
		const failure = envelopeFailure(code, msg, statusCode);
		// HTTP 429 is a rate limit whatever the JSON body says; a rate limit on any status may still send Retry-After.
		if (statusCode === 429 && failure.kind !== 'auth') failure.kind = 'rateLimited';
		if (failure.kind === 'rateLimited') failure.retryAfterMs = parseRetryAfterMs(answer.headers['retry-after']);
		return { ok: false, failure };
	}
	if (statusCode === 429)
		return { ok: false, failure: rateLimitFailure(parseRetryAfterMs(answer.headers['retry-after'])) };
	if (statusCode >= 400) return { ok: false, failure: httpStatusFailure(answer) };
	if (envelope === undefined || code === undefined)
		return { ok: false, failure: malformedAnswerFailure(answer, envelope?.code) };
	return { ok: true, data: readData(envelope.data) };
}

/**
 * Tomoviee's envelope itself: a JSON object with a numeric `code` and a string `msg`. What tells its gateway apart from
 * another host (an HTML page, a router's plain text, someone else's JSON).
 */
export function readEnvelope(body: unknown): { code: number; msg: string } | undefined {
	const envelope = parseJsonObject(body);
	const code = envelope === undefined ? undefined : readCode(envelope.code);
	if (envelope === undefined || code === undefined || typeof envelope.msg !== 'string') return undefined;
	return { code, msg: envelope.msg };
}

/** The `task_id` in a create answer's `data`, if it has one. */
export function createdTaskId(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const taskId = (data as Record<string, unknown>).task_id;
	return typeof taskId === 'string' && taskId !== '' ? taskId : undefined;
}

/** `code` must be a number (or a numeric string): null, "" or text is a malformed answer, never a success. */
function readCode(raw: unknown): number | undefined {
	if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
	if (typeof raw === 'string' && /^\s*-?\d+\s*$/.test(raw)) return Number(raw);
	return undefined;
}

/** The docs type `data` as a string while every sample shows an object: accept both. */
function readData(raw: unknown): unknown {
	return typeof raw === 'string' ? (parseJsonObject(raw) ?? raw) : raw;
}

function isTaskObject(data: unknown): data is Record<string, unknown> {
	return typeof data === 'object' && data !== null && !Array.isArray(data) && 'status' in data && data.status !== null;
}

function parseJsonObject(body: unknown): Record<string, unknown> | undefined {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
	if (typeof body !== 'string') return undefined;
	const text = body.trim();
	if (!text.startsWith('{')) return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return undefined;
	}
	return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
		? (parsed as Record<string, unknown>)
		: undefined;
}
