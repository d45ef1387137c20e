/**
 * The one place that knows Tomoviee's URLs and its `{ code, msg, data }` envelope, and turns every way a request can
 * go wrong into a NodeApiError. Authentication headers are added by n8n from the credential, never here.
 */
import type { IExecuteFunctions, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';
import { decideRetry } from '../domain/retryPolicy';
import { TASK_ERROR_CODE_KEY } from '../domain/taskView';

export const CREDENTIAL_TYPE = 'tomovieeApi';
export const CREATE_TASK_PATH = '/v1/open/capacity/application/tm_img2video_b';
export const QUERY_TASK_PATH = '/v1/open/pub/task';
export const CUSTOM_GATEWAY = 'custom';

/** Gateway code for a rejected app key or secret (seen live; documented HTTP status unknown). */
export const UNAUTHORIZED_CODE = 140013;

const CREATE_TIMEOUT_MS = 60_000;
/** A one-off status read (Get Status) can afford to wait for a slow gateway. */
const SINGLE_QUERY_TIMEOUT_MS = 30_000;
/**
 * A status query is a few hundred bytes: while waiting for tasks, an answer slower than this is a sick gateway, better
 * asked again than awaited (30 s would add half a minute of detection lag to that task).
 */
export const POLL_QUERY_TIMEOUT_MS = 10_000;

export type FailureKind =
	| 'api'
	| 'auth'
	| 'rateLimited'
	| 'serverError'
	| 'httpError'
	| 'badInput'
	| 'redirect'
	| 'badResponse'
	| 'network'
	| 'timeout'
	| 'cancelled';

/** What went wrong with one request, in terms a retry policy and an error message can both use. */
export interface ApiFailure {
	kind: FailureKind;
	message: string;
	description?: string;
	httpCode?: number;
	apiCode?: number;
	retryAfterMs?: number;
	/** Socket-level code such as ECONNRESET or ECONNREFUSED. */
	networkCode?: string;
}

export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

/**
 * A usable answer, or why there is none. A status query answered with a non-zero `code` that still carries the task
 * (the get-result page: the query's code is the task's own error code) is usable: `apiCode`/`apiMessage` keep it.
 */
export type Outcome =
	| { ok: true; data: unknown; apiCode?: number; apiMessage?: string }
	| { ok: false; failure: ApiFailure };

export interface AnswerReading {
	/** Status queries: a non-zero code whose `data` holds a task object (with a `status`) is the task, not an error. */
	taskInData?: boolean;
}

/** Reads an HTTP answer through Tomoviee's envelope. Pure: the unit tests drive it with recorded answers. */
export function interpretAnswer(answer: HttpAnswer, reading: AnswerReading = {}): Outcome {
	const { statusCode } = answer;
	if (statusCode >= 300 && statusCode < 400) return { ok: false, failure: redirectFailure(answer) };
	const envelope = parseJsonObject(answer.body);
	const code = envelope === undefined ? undefined : readCode(envelope.code);
	if (envelope !== undefined && code !== undefined && code !== 0) {
		const data = readData(envelope.data);
		const msg = typeof envelope.msg === 'string' ? envelope.msg : '';
		if (reading.taskInData && statusCode < 400 && code !== UNAUTHORIZED_CODE && isTaskObject(data)) {
			return { ok: true, data, apiCode: code, apiMessage: msg };
		}
		const failure = envelopeFailure(code, msg, statusCode);
		// HTTP 429 is a rate limit whatever the JSON body says: its Retry-After must still reach the retry policy.
		if (statusCode === 429 && failure.kind !== 'auth') {
			failure.kind = 'rateLimited';
			failure.retryAfterMs = parseRetryAfterMs(answer.headers['retry-after']);
		}
		return { ok: false, failure };
	}
	if (statusCode === 429) {
		const retryAfterMs = parseRetryAfterMs(answer.headers['retry-after']);
		return {
			ok: false,
			failure: {
				kind: 'rateLimited',
				httpCode: 429,
				retryAfterMs,
				message: 'Tomoviee is rate limiting this account (HTTP 429)',
				description:
					'Too many requests for your plan: lower "Max Parallel Tasks", space out runs, or ask Tomoviee for a higher limit',
			},
		};
	}
	if (statusCode >= 400) return { ok: false, failure: httpStatusFailure(answer) };
	if (envelope === undefined || code === undefined) {
		const why =
			envelope?.code === undefined
				? 'without its JSON envelope'
				: `with a malformed envelope (code ${JSON.stringify(envelope.code ?? null)} is not a number)`;
		return {
			ok: false,
			failure: {
				kind: 'badResponse',
				httpCode: statusCode,
				message: `Tomoviee answered HTTP ${statusCode} ${why}${bodySnippet(answer.body)}`,
				description: 'Check that the gateway in the Tomoviee API credential points at the Tomoviee open API',
			},
		};
	}
	return { ok: true, data: readData(envelope.data) };
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

/** HTTP errors without Tomoviee's envelope, by what they point at: the input, the credential, or the gateway. */
function httpStatusFailure(answer: HttpAnswer): ApiFailure {
	const { statusCode } = answer;
	const base = { httpCode: statusCode, message: `Tomoviee's gateway answered HTTP ${statusCode}${bodySnippet(answer.body)}` };
	if (statusCode >= 500) {
		return { ...base, kind: 'serverError', description: "A temporary fault on Tomoviee's side: run the workflow again in a few minutes" };
	}
	if (statusCode === 401 || statusCode === 403) {
		return {
			...base,
			kind: 'auth',
			description:
				'Tomoviee refused the credentials: check the App Key and App Secret in the Tomoviee API credential, and that the app may use this capability',
		};
	}
	const inputHint = INPUT_HINTS[statusCode];
	if (inputHint) return { ...base, kind: 'badInput', description: inputHint };
	return { ...base, kind: 'httpError', description: 'Check the gateway in the Tomoviee API credential' };
}

/** Wondershare's references name these for the input, not the gateway address. */
const INPUT_HINTS: Readonly<Record<number, string>> = {
	400: 'Tomoviee refused the request as invalid: check the prompt, the image URL and the other fields of the node',
	413: 'The file is too large for Tomoviee: use an image under 200 MB (a short side of about 720-1080 px is enough)',
	422: 'Tomoviee cannot read this input: use a JPG, JPEG, PNG or WEBP image at a public URL',
};

/** A gateway that redirects is not Tomoviee's API: the credentials were not sent on, and nothing is read from there. */
function redirectFailure(answer: HttpAnswer): ApiFailure {
	const location = headerValue(answer.headers, 'location');
	let target = 'another address';
	if (location) {
		try {
			target = new URL(location, 'http://gateway.invalid').host || target;
		} catch {
			// an unreadable Location still makes a redirect error, without the host
		}
	}
	return {
		kind: 'redirect',
		httpCode: answer.statusCode,
		message: `Tomoviee's gateway answered HTTP ${answer.statusCode}, a redirect to ${target}: not followed, and the credentials were not sent there`,
		description:
			'The Tomoviee API does not redirect. Check the gateway in the Tomoviee API credential: use the Tomoviee host itself (https://openapi.wondershare.cc), not an address that forwards elsewhere.',
	};
}

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return typeof first === 'string' ? first : undefined;
	}
	return undefined;
}

/** A request that produced no HTTP answer: reset, refused, timed out or cancelled. */
export function describeTransportError(error: unknown): ApiFailure {
	const networkCode = findErrorCode(error);
	const text = errorText(error);
	const cancelled = { kind: 'cancelled' as const, networkCode, message: 'The request to Tomoviee was canceled with the execution' };
	if (networkCode === 'ERR_CANCELED') return cancelled;
	// Checked before the words below: n8n rewrites an axios timeout (ECONNABORTED) as "The connection was aborted".
	if (networkCode === 'ETIMEDOUT' || networkCode === 'ECONNABORTED' || /timeout|timed out/i.test(text)) {
		return {
			kind: 'timeout',
			networkCode,
			message: 'Tomoviee did not answer in time',
			description: 'The gateway is slow or unreachable: run the workflow again later',
		};
	}
	if (/aborted|canceled|cancelled/i.test(text)) return cancelled;
	return {
		kind: 'network',
		networkCode,
		message: `Could not reach Tomoviee${networkCode ? ` (${networkCode})` : ''}`,
		description: 'Check the gateway in the Tomoviee API credential and the network between n8n and Tomoviee',
	};
}

export interface ErrorPlace {
	itemIndex: number;
	/** Set once the task exists, so that the error never loses it. */
	taskId?: string;
}

export function failureToNodeApiError(node: INode, failure: ApiFailure, place: ErrorPlace): NodeApiError {
	const taskNote = place.taskId
		? ` The task ${place.taskId} was created: use the Get Status operation with this task ID to pick it up.`
		: '';
	const message = place.taskId ? `${failure.message} [task ${place.taskId}]` : failure.message;
	const error = new NodeApiError(
		node,
		{ message: failure.message, code: failure.apiCode ?? failure.networkCode ?? null } as JsonObject,
		{
			message,
			description: `${failure.description ?? ''}${taskNote}`.trim() || undefined,
			httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
			itemIndex: place.itemIndex,
		},
	);
	// NodeApiError swaps a message naming a socket code (ECONNRESET...) for a generic text without the task id.
	error.message = message;
	// The retry policy and continueOnFail read these back instead of parsing the message.
	error.context.failureKind = failure.kind;
	if (failure.retryAfterMs !== undefined) error.context.retryAfterMs = failure.retryAfterMs;
	if (failure.apiCode !== undefined) error.context.apiCode = failure.apiCode;
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

/** Sleeps between two attempts; resolves to false when no further attempt should be made. */
export type RetryPause = (ms: number) => Promise<boolean>;

/** The execution's stop signal; older n8n versions offer none, and waits then run to their end. */
export function cancelSignalOf(ctx: Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>): AbortSignal | undefined {
	return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}

/**
 * A create that failed after Tomoviee may have processed it: no clean refusal came back (a timeout, a reset, a 5xx,
 * an answer that could not be read, an execution stopped mid-request), so the task may exist and be charged.
 */
export function createMayHaveSucceeded(failure: ApiFailure): boolean {
	switch (failure.kind) {
		case 'timeout':
		case 'serverError':
		case 'badResponse':
		case 'cancelled':
			return true;
		case 'network':
			return failure.networkCode !== 'ECONNREFUSED';
		default:
			return false;
	}
}

export const NO_TASK_ID_FAILURE: ApiFailure = {
	kind: 'badResponse',
	message: 'Tomoviee accepted the task but returned no task_id',
};

export const CREATE_MAY_EXIST_NOTE =
	'Tomoviee may have created the task before the request failed: it was not sent again, so that no duplicate is made and charged. Look for it in your Tomoviee task list (or the callback, if you set one) before running this item again.';

/** A create that failed; when it failed after sending, the task may exist all the same, and the error says so. */
export function createFailureToNodeApiError(node: INode, failure: ApiFailure, itemIndex: number): NodeApiError {
	const error = failureToNodeApiError(node, failure, { itemIndex });
	if (createMayHaveSucceeded(failure)) {
		error.description = `${error.description ?? ''} ${CREATE_MAY_EXIST_NOTE}`.trim();
		error.context.taskMayExist = true;
	}
	return error;
}

/** One execution's connection to Tomoviee: the gateway from the credential, requests authenticated by n8n. */
export class TomovieeClient {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly baseUrl: string,
	) {}

	static async forExecution(ctx: IExecuteFunctions): Promise<TomovieeClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const gateway = String(credentials.gateway ?? '');
		const baseUrl = gateway === CUSTOM_GATEWAY ? String(credentials.baseUrl ?? '').trim() : gateway;
		if (!/^https?:\/\/[^/]/.test(baseUrl)) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The Tomoviee API credential has no valid gateway URL ("${baseUrl}")`,
				{ description: 'Open the credential and choose a gateway, or give a Base URL starting with https://' },
			);
		}
		return new TomovieeClient(ctx, baseUrl.replace(/\/+$/, ''));
	}

	/** Sends one request and reports what happened without throwing, so callers can choose to retry. */
	async send(path: string, body: object, timeoutMs: number, reading: AnswerReading = {}): Promise<Outcome> {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: `${this.baseUrl}${path}`,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n would re-send the credential's headers (and a 307's body) to wherever a redirect points.
			disableFollowRedirect: true,
			timeout: timeoutMs,
		};
		let answer: HttpAnswer;
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				request,
			)) as { statusCode?: number; headers?: Record<string, unknown>; body?: unknown };
			answer = { statusCode: response.statusCode ?? 0, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			// n8n's wrapped error can carry the request config (with the Authorization header): keep only a summary.
			return { ok: false, failure: describeTransportError(error) };
		}
		return interpretAnswer(answer, reading);
	}

	/** Creates a task; `path` names the capability (default: image-to-video's). */
	async sendCreate(body: object, path = CREATE_TASK_PATH): Promise<Outcome> {
		const outcome = await this.send(path, body, CREATE_TIMEOUT_MS);
		return path === CREATE_TASK_PATH ? outcome : forCapabilityPath(outcome, path);
	}

	/** A caller that retries may ask for a shorter timeout than a one-off status read can afford. */
	sendQuery(taskId: string, timeoutMs = SINGLE_QUERY_TIMEOUT_MS): Promise<Outcome> {
		return this.send(QUERY_TASK_PATH, { task_id: taskId }, timeoutMs, { taskInData: true });
	}

	/**
	 * Sends a create, and sends it again only where Tomoviee certainly took nothing (429, a refused connection;
	 * domain/retryPolicy), so that a retry never makes and charges a duplicate. `pause` sleeps between attempts and
	 * says whether to go on (false once the execution was stopped); by default it is a sleep the stop cuts short.
	 */
	async sendCreateWithRetries(body: object, pause: RetryPause = this.pauseUnlessCancelled, path?: string): Promise<Outcome> {
		for (let attempt = 1, failingSince = 0; ; attempt++) {
			const outcome = await this.sendCreate(body, path);
			if (outcome.ok) return outcome;
			if (attempt === 1) failingSince = Date.now();
			const decision = decideRetry({
				purpose: 'create',
				failure: outcome.failure,
				attempt,
				failingForMs: Date.now() - failingSince,
				random: Math.random,
			});
			if (!decision.retry || !(await pause(decision.delayMs))) return outcome;
		}
	}

	/** Submits a task and returns its id, or throws a NodeApiError for the item. */
	async createTask(body: object, itemIndex: number, path?: string): Promise<string> {
		const outcome = await this.sendCreateWithRetries(body, undefined, path);
		if (!outcome.ok) throw createFailureToNodeApiError(this.ctx.getNode(), outcome.failure, itemIndex);
		const taskId = readTaskId(outcome.data);
		if (taskId === undefined) throw createFailureToNodeApiError(this.ctx.getNode(), NO_TASK_ID_FAILURE, itemIndex);
		return taskId;
	}

	private readonly pauseUnlessCancelled: RetryPause = async (ms) => {
		const signal = cancelSignalOf(this.ctx);
		const until = Date.now() + ms;
		// In slices, so that a stopped execution does not sleep out a long Retry-After.
		for (let left = ms; left > 0 && !signal?.aborted; left = until - Date.now()) await sleep(Math.min(left, 1000));
		return !signal?.aborted;
	};

	/** Reads a task's state, or throws a NodeApiError that names the task. */
	async queryTask(taskId: string, itemIndex: number): Promise<Record<string, unknown>> {
		const outcome = await this.sendQuery(taskId);
		return taskFromOutcome(this.ctx.getNode(), outcome, { itemIndex, taskId });
	}
}

export function taskFromOutcome(node: INode, outcome: Outcome, place: ErrorPlace): Record<string, unknown> {
	if (!outcome.ok) throw failureToNodeApiError(node, outcome.failure, place);
	if (typeof outcome.data !== 'object' || outcome.data === null || Array.isArray(outcome.data)) {
		throw failureToNodeApiError(
			node,
			{ kind: 'badResponse', message: 'Tomoviee answered the status query without a task object' },
			place,
		);
	}
	const task = outcome.data as Record<string, unknown>;
	if (outcome.apiCode === undefined) return task;
	// The query's non-zero code is the task's error code: it reaches the output as errorCode, msg backs up reason.
	return {
		...task,
		[TASK_ERROR_CODE_KEY]: outcome.apiCode,
		reason: typeof task.reason === 'string' && task.reason !== '' ? task.reason : (outcome.apiMessage ?? ''),
	};
}

/**
 * A create to another capability than image-to-video: the advice to enable a capability names that one. (The
 * envelope is read without knowing the path; image-to-video's wording is the default there.)
 */
function forCapabilityPath(outcome: Outcome, path: string): Outcome {
	if (outcome.ok || !outcome.failure.description?.includes('tm_img2video_b')) return outcome;
	const capabilityId = path.slice(path.lastIndexOf('/') + 1);
	return {
		ok: false,
		failure: {
			...outcome.failure,
			description: `Enable the capability ${capabilityId} for this app in the Tomoviee developer console, or check the Capability ID`,
		},
	};
}

/** The `task_id` of a create's `data`, if it has one. */
export function readTaskId(data: unknown): string | undefined {
	if (typeof data !== 'object' || data === null) return undefined;
	const taskId = (data as Record<string, unknown>).task_id;
	return typeof taskId === 'string' && taskId !== '' ? taskId : undefined;
}

/**
 * Tomoviee documents no rate-limit code, so its message decides, by whole words and phrases only: a substring such as
 * "rate" would also match "generate", "moderate" or "inaccurate", and a refused create would be sent again and again.
 */
const RATE_LIMIT_WORDING =
	/\b(rate[ -]?limit(s|ed|ing)?|too many (requests|tasks)|too frequent(ly)?|request(s)? (are )?too frequent|frequency limit(ed)?|concurren(t|cy) (limit|tasks? (limit|exceeded|reached))|limit of concurrent|qps (limit|exceeded)|throttl(ed|ing))\b/i;
const BALANCE_WORDING = /\b(balance|credits?|quota)\b/i;
const PERMISSION_WORDING = /\b(permission|not enabled|not open(ed)?|forbidden)\b/i;

function envelopeFailure(code: number, msg: string, statusCode: number): ApiFailure {
	const base = { kind: 'api' as FailureKind, apiCode: code, httpCode: statusCode >= 400 ? statusCode : undefined };
	const message = `Tomoviee error ${code}: ${msg || 'no message'}`;
	if (code === UNAUTHORIZED_CODE) {
		return {
			...base,
			kind: 'auth',
			message,
			description:
				'Tomoviee rejected the credentials: check the App Key and App Secret in the Tomoviee API credential (Tomoviee developer console > your app)',
		};
	}
	if (BALANCE_WORDING.test(msg)) {
		return { ...base, message, description: 'Top up your Tomoviee account balance, then run the workflow again' };
	}
	if (PERMISSION_WORDING.test(msg)) {
		return {
			...base,
			message,
			description: 'Enable the image-to-video capability (tm_img2video_b) for this app in the Tomoviee developer console',
		};
	}
	if (RATE_LIMIT_WORDING.test(msg)) {
		return {
			...base,
			kind: 'rateLimited',
			message,
			description: 'Your plan limits how many requests or tasks run at once: lower "Max Parallel Tasks"',
		};
	}
	return { ...base, message, description: 'Check the input fields named in the message' };
}

function parseJsonObject(body: unknown): Record<string, unknown> | undefined {
	if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
	if (typeof body !== 'string' || body.trim() === '') return undefined;
	const text = body.trim();
	if (!text.startsWith('{')) return undefined;
	return parseJsonText(text);
}

function parseJsonText(text: string): Record<string, unknown> | undefined {
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

/** Retry-After is either seconds or an HTTP date. */
export function parseRetryAfterMs(header: unknown, now = Date.now()): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const text = String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
	// An HTTP date always has a month or day name; Date.parse would also read "" or "-3" as some date.
	if (!/[a-z]/i.test(text)) return undefined;
	const date = Date.parse(text);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

/** A short, tag-free excerpt of an error body: gateways answer with whole HTML pages. */
function bodySnippet(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	const text = (typeof body === 'string' ? body : JSON.stringify(body))
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	return text === '' ? '' : `: ${text.slice(0, 160)}`;
}

function findErrorCode(error: unknown): string | undefined {
	for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
		const code = (current as { code?: unknown }).code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

function errorText(error: unknown): string {
	const parts: string[] = [];
	for (let current: unknown = error, depth = 0; current && depth < 4; depth++) {
		const message = (current as { message?: unknown }).message;
		if (typeof message === 'string') parts.push(message);
		const name = (current as { name?: unknown }).name;
		if (typeof name === 'string') parts.push(name);
		current = (current as { cause?: unknown }).cause;
	}
	return parts.join(' ');
}
