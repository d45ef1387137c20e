/**
 * What went wrong with one request, by kind: the words a retry policy, an error message and the "may this create have
 * made a task?" question all read. Classifies; builds no n8n errors (nodeApiError.ts does).
 */

/** Gateway code for a rejected app key or secret (seen live; documented HTTP status unknown). */
export const UNAUTHORIZED_CODE = 140013;

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

export interface ApiFailure {
	kind: FailureKind;
	message: string;
	description?: string;
	httpCode?: number;
	errorCode?: number;
	retryAfterMs?: number;
	/** Socket-level code such as ECONNRESET or ECONNREFUSED. */
	networkCode?: string;
}

/** The parts of an HTTP answer that classification reads. */
export interface HttpAnswer {
	statusCode: number;
	headers: Record<string, unknown>;
	body: unknown;
}

export const NO_TASK_ID_FAILURE: ApiFailure = {
	kind: 'badResponse',
	message: 'Tomoviee accepted the task but returned no task_id',
};

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

/**
 * Tomoviee documents no rate-limit code, so its message decides, by whole words and phrases only: a substring such as
 * "rate" would also match "generate", "moderate" or "inaccurate", and a refused create would be sent again and again.
 */
const RATE_LIMIT_WORDING =
	/\b(rate[ -]?limit(s|ed|ing)?|too many (concurrent )?(requests|tasks)|too frequent(ly)?|request(s)? (are )?too frequent|frequency limit(ed)?|concurren(t|cy) (limit|tasks? (limit|exceeded|reached))|limit of concurrent|qps (limit|exceeded)|throttl(ed|ing))\b/i;

/**
 * The same in Chinese, as a mainland-China gateway may word it (seen as HTTP 200 with a 68xxxx code). Chinese has no
 * spaces, so whole phrases that only a rate limit uses, never a lone 频繁 or 限制:
 * 请求/访问/调用/操作 + 过于频繁/太频繁/频繁 (requests, access, calls, operations too frequent), 频率限制 and 频率超限
 * (frequency limit), 超出频率/超过频率 (beyond the allowed frequency), 限流 and 流控 (throttled, flow control),
 * 并发数超限/并发超限/超出并发/超过并发/并发数已达上限/并发已达上限 (concurrency limit), QPS超限.
 * Left out on purpose: 生成失败, 视频生成失败, 生成视频失败 ("generation failed", the Chinese of "Failed to generate
 * video"): a refusal of this request, sent once; and 请稍后再试 ("try again later"), which also ends other errors.
 */
const RATE_LIMIT_PHRASES_ZH: readonly string[] = [
	...['请求', '访问', '调用', '操作'].flatMap((what) => [`${what}过于频繁`, `${what}太频繁`, `${what}频繁`]),
	'频率限制',
	'频率超限',
	'超出频率',
	'超过频率',
	'限流',
	'流控',
	'并发数超限',
	'并发超限',
	'超出并发',
	'超过并发',
	'并发数已达上限',
	'并发已达上限',
	'QPS超限',
];

/** Whether a message says "rate limited", in English or Chinese (see the two lists above). */
function saysRateLimited(text: string): boolean {
	if (RATE_LIMIT_WORDING.test(text)) return true;
	const compact = text.replace(/\s+/g, '').toUpperCase();
	return RATE_LIMIT_PHRASES_ZH.some((phrase) => compact.includes(phrase));
}

const RATE_LIMIT_DESCRIPTION =
	"Too many requests for your plan: lower 'Max Parallel Tasks' under 'Options', space out runs, or ask Tomoviee for a higher limit";
const BALANCE_WORDING = /\b(balance|credits?|quota)\b/i;
const PERMISSION_WORDING = /\b(permission|not enabled|not open(ed)?|forbidden)\b/i;

/** An envelope with a non-zero `code`: what its code and message point at. */
export function envelopeFailure(code: number, msg: string, statusCode: number): ApiFailure {
	const base = { kind: 'api' as FailureKind, errorCode: code, httpCode: statusCode >= 400 ? statusCode : undefined };
	const message = `Tomoviee error ${code}: ${msg || 'no message'}`;
	if (code === UNAUTHORIZED_CODE) {
		return {
			...base,
			kind: 'auth',
			message,
			description:
				"Tomoviee rejected the credentials: check 'App Key' and 'App Secret' in the Tomoviee API credential (Tomoviee developer console > your app)",
		};
	}
	if (BALANCE_WORDING.test(msg)) {
		return { ...base, message, description: 'Top up your Tomoviee account balance, then run the workflow again' };
	}
	if (PERMISSION_WORDING.test(msg)) {
		return {
			...base,
			message,
			description:
				'Enable the image-to-video capability (tm_img2video_b) for this app in the Tomoviee developer console',
		};
	}
	if (saysRateLimited(msg)) {
		return {
			...base,
			kind: 'rateLimited',
			message,
			description:
				"Your plan limits how many requests or tasks run at once: lower 'Max Parallel Tasks' under 'Options'",
		};
	}
	return { ...base, message, description: 'Check the input fields named in the message' };
}

export function rateLimitFailure(retryAfterMs: number | undefined): ApiFailure {
	return {
		kind: 'rateLimited',
		httpCode: 429,
		retryAfterMs,
		message: 'Tomoviee is rate limiting this account (HTTP 429)',
		description: RATE_LIMIT_DESCRIPTION,
	};
}

/**
 * An answer without Tomoviee's envelope whose text says "rate limited", whatever its HTTP status (a gateway's own
 * page or plain text): the request was refused, not processed, so even a create may be sent again.
 */
function wordedRateLimit(answer: HttpAnswer, message: string): ApiFailure | undefined {
	if (!saysRateLimited(bodyText(answer.body))) return undefined;
	return {
		kind: 'rateLimited',
		httpCode: answer.statusCode,
		retryAfterMs: parseRetryAfterMs(headerValue(answer.headers, 'retry-after')),
		message,
		description: RATE_LIMIT_DESCRIPTION,
	};
}

/** HTTP errors without Tomoviee's envelope, by what they point at: the input, the credential, or the gateway. */
export function httpStatusFailure(answer: HttpAnswer): ApiFailure {
	const { statusCode } = answer;
	const base = {
		httpCode: statusCode,
		message: `Tomoviee's gateway answered HTTP ${statusCode}${bodySnippet(answer.body)}`,
	};
	const rateLimited = wordedRateLimit(answer, base.message);
	if (rateLimited) return rateLimited;
	if (statusCode >= 500) {
		return {
			...base,
			kind: 'serverError',
			description: "A temporary fault on Tomoviee's side: run the workflow again in a few minutes",
		};
	}
	if (statusCode === 401 || statusCode === 403) {
		return {
			...base,
			kind: 'auth',
			description:
				"Tomoviee refused the credentials: check 'App Key' and 'App Secret' in the Tomoviee API credential, and that the app may use this capability",
		};
	}
	const inputHint = INPUT_HINTS[statusCode];
	if (inputHint) return { ...base, kind: 'badInput', description: inputHint };
	return { ...base, kind: 'httpError', description: "Check 'Gateway' in the Tomoviee API credential" };
}

/** Wondershare's references name these for the input, not the gateway address. */
const INPUT_HINTS: Readonly<Record<number, string>> = {
	400: "Tomoviee refused the request as invalid: check 'Prompt', the image URLs and the other fields of the node",
	413: 'The file is too large for Tomoviee: use an image under 200 MB (a short side of about 720-1080 px is enough)',
	422: 'Tomoviee cannot read this input: use a JPG, JPEG, PNG or WEBP image at a public URL',
};

/** An answer that is not Tomoviee's envelope, or whose `code` is not a number. */
export function malformedAnswerFailure(answer: HttpAnswer, rawCode: unknown): ApiFailure {
	const why =
		rawCode === undefined
			? 'without its JSON envelope'
			: `with a malformed envelope (code ${JSON.stringify(rawCode ?? null)} is not a number)`;
	const message = `Tomoviee answered HTTP ${answer.statusCode} ${why}${bodySnippet(answer.body)}`;
	return (
		wordedRateLimit(answer, message) ?? {
			kind: 'badResponse',
			httpCode: answer.statusCode,
			message,
			description: "Check that 'Gateway' in the Tomoviee API credential points at the Tomoviee open API",
		}
	);
}

/** A gateway that redirects is not Tomoviee's API: the credentials were not sent on, and nothing is read from there. */
export function redirectFailure(answer: HttpAnswer): ApiFailure {
	const target = redirectTarget(answer);
	return {
		kind: 'redirect',
		httpCode: answer.statusCode,
		message: `Tomoviee's gateway answered HTTP ${answer.statusCode}, a redirect to ${target}: not followed, and the credentials were not sent there`,
		description:
			"The Tomoviee API does not redirect. Check 'Gateway' in the Tomoviee API credential: use the Tomoviee host itself (https://openapi.wondershare.cc), not an address that forwards elsewhere.",
	};
}

/** The host a redirect points at (never its path or query, which may carry anything), or "another address". */
export function redirectTarget(answer: HttpAnswer): string {
	const location = headerValue(answer.headers, 'location');
	if (!location) return 'another address';
	try {
		return new URL(location, 'http://gateway.invalid').host || 'another address';
	} catch {
		return 'another address'; // an unreadable Location still makes a redirect error, without the host
	}
}

/** A request that produced no HTTP answer: reset, refused, timed out or cancelled. */
export function describeTransportError(error: unknown): ApiFailure {
	const networkCode = findErrorCode(error);
	const text = errorText(error);
	const cancelled = {
		kind: 'cancelled' as const,
		networkCode,
		message: 'The request to Tomoviee was canceled with the execution',
	};
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
		description: "Check 'Gateway' in the Tomoviee API credential and the network between n8n and Tomoviee",
	};
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

function headerValue(headers: Record<string, unknown>, name: string): string | undefined {
	for (const [key, value] of Object.entries(headers)) {
		if (key.toLowerCase() !== name) continue;
		const first = Array.isArray(value) ? value[0] : value;
		return typeof first === 'string' ? first : undefined;
	}
	return undefined;
}

/** The tag-free text of an error body: gateways answer with whole HTML pages. */
function bodyText(body: unknown): string {
	if (body === undefined || body === null || body === '') return '';
	return (typeof body === 'string' ? body : JSON.stringify(body))
		.replace(/<[^>]*>/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** A short excerpt of an error body for a message. */
function bodySnippet(body: unknown): string {
	const text = bodyText(body);
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
