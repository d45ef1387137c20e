/** Every switch the fake understands. All of them can be changed at run time with configure() or POST /__fake/config. */

/** Final state a task reaches. 'novideo' and 'badresult' are successes with a broken result. */
export type TaskOutcome = 'success' | 'fail' | 'cancel' | 'timeout' | 'novideo' | 'badresult';
/** Why a create request is refused even though its body is valid. */
export type CreateRejection = 'none' | 'insufficientBalance' | 'capabilityNotEnabled';
/** HTTP status that carries the 140013 auth error (the contract leaves it open; the one live record shows a non-2xx). */
export type AuthFailureStatus = 200 | 401 | 403;
/** HTTP status that carries 680011 (task not found) for a task id the fake does not know: undocumented, so each. */
export type UnknownTaskStatus = 200 | 400 | 404;
/**
 * The fake poses as a host that is not Tomoviee's gateway (a credential whose Base URL points elsewhere): every API
 * and unknown path answers an HTML page (HTTP 200), a router's plain-text `404 page not found` (HTTP 404, as the live
 * gateway answers an unknown path), or someone else's JSON (HTTP 200, no `code`/`msg`). 'none' is the Tomoviee API.
 */
export type ForeignHost = 'none' | 'htmlPage' | 'plainText404' | 'otherJson';
/** Which answers carry `data` as a JSON string instead of an object (the docs' ambiguity). */
export type DataAsString = 'none' | 'create' | 'query' | 'both';
/** Field name under which the query reports progress (docs table says `process`, samples say `progress`). */
export type ProgressField = 'progress' | 'process' | 'both';
export type CallbackMode = 'once' | 'twice' | 'late' | 'never';
export type VideoFailure = 'none' | 'truncate' | 'notFound' | 'expired';
/** What the query tells about a running task: everything (as the contract's sample), or nothing but its status. */
export type TaskHints = 'all' | 'statusOnly';
/** Whether the fake downloads the input URLs of a create (image, video, ...) as the real service must: not at all, loopback hosts only, or any host. */
export type FetchInputs = 'off' | 'loopback' | 'any';

/** Where the image capabilities list their images (the sources disagree): see capabilities.ts. */
export type ImageResultKey = 'images_path' | 'image_path' | 'both';

export type FaultTarget = 'create' | 'query' | 'video' | 'any';
export type FaultKind = 'http429' | 'http502' | 'http503' | 'http504' | 'reset' | 'slow' | 'auth' | 'redirect';
/** How a query answers a task that ended badly: code 0, or (get-result page) the task's error code with the task in data. */
export type FailedTaskAnswer = 'codeZero' | 'taskErrorCode';
/** The shape of the callback body (undocumented: every plausible one). */
export type CallbackBody = 'flat' | 'envelope' | 'envelopeString' | 'form' | 'empty';
/**
 * How a rate limit is answered: HTTP 429 with an English JSON body and Retry-After, or as a mainland-China gateway
 * may: HTTP 200, code 680027, msg 请求过于频繁，请稍后再试, no Retry-After.
 */
export type RateLimitAnswer = 'http429' | 'chinese200';
/** The HTTP method of the callback (undocumented). */
export type CallbackMethod = 'GET' | 'POST' | 'PUT';

/**
 * A transport fault applied to matching requests. Which matching requests it hits:
 * the first `skip` are spared; then every `every`-th one, or each with seeded `probability`, or (neither set) all;
 * at most `count` hits in total when `count` is set.
 */
export interface FaultRule {
	target: FaultTarget;
	kind: FaultKind;
	/** Create only: apply the fault before the task exists (default) or after it was created. */
	when?: 'beforeCreate' | 'afterCreate';
	every?: number;
	probability?: number;
	/** Seed of the deterministic generator used with `probability` (default 1). */
	seed?: number;
	count?: number;
	skip?: number;
	/** http429: value of the Retry-After header in seconds (default 1); null omits the header. */
	retryAfterSeconds?: number | null;
	/** slow: delay before answering (default 2000 ms). */
	delayMs?: number;
	/** auth: HTTP status carrying the auth error (default: the authFailureStatus switch). */
	authStatus?: AuthFailureStatus;
	/** redirect: the HTTP status (default 307) and the base URL the request is sent to (its path is kept). */
	redirectStatus?: 301 | 302 | 303 | 307 | 308;
	location?: string;
}

export interface FakeTomovieeSwitches {
	appKey: string;
	appSecret: string;
	authFailureStatus: AuthFailureStatus;
	unknownTaskStatus: UnknownTaskStatus;
	foreignHost: ForeignHost;
	dataAsString: DataAsString;
	progressField: ProgressField;
	/** Time a new task spends queued (status 1). */
	queueMs: number;
	/** Time a task spends processing (status 2) before reaching its final status. */
	processingMs: number;
	/** Benchmark hook: total task duration in ms, drawn per task (in-process only). Split queue/processing like queueMs:processingMs. */
	durationSampler?: () => number;
	outcome: TaskOutcome;
	/** `reason` of failed tasks. */
	failureReason: string;
	createRejection: CreateRejection;
	/** Refuses every create with this code and msg (wins over createRejection), e.g. a message a client might misread. */
	createRefusal?: { code: number; msg: string };
	failedTaskAnswer: FailedTaskAnswer;
	/** Reported instead of 1/2 while a task runs: an undocumented status code (0, 7, ...). */
	runningStatusCode?: number;
	callbackBody: CallbackBody;
	/** The callback's method; a GET still carries the callbackBody unless that is 'empty'. */
	callbackMethod: CallbackMethod;
	/**
	 * Query parameters appended to the callback URL (after those it already has, such as n8n's `signature`). In a
	 * value, `{task_id}` and `{status}` become the task's.
	 */
	callbackQuery: Record<string, string>;
	/**
	 * The account's plan limit on tasks at once (queued or processing); 0 = none. A valid create past it is refused
	 * the way a rate limit is answered (HTTP 429, Retry-After 1) and creates nothing.
	 */
	maxConcurrentTasks: number;
	/** How the http429 fault and the maxConcurrentTasks refusal are worded (see RateLimitAnswer). */
	rateLimitAnswer: RateLimitAnswer;
	/** 'statusOnly': progress 0 until success, position -1 and no wait_time while a task runs. */
	hints: TaskHints;
	videoSizeBytes: number;
	videoFailure: VideoFailure;
	/** Bytes sent before the socket is destroyed when videoFailure is 'truncate' (default: half the size). */
	videoTruncateAtBytes?: number;
	/** Lifetime of the signed video URL, from task creation (default 48 h, as in the contract's sample). */
	videoExpiresInSeconds: number;
	callbackMode: CallbackMode;
	/** Extra delay of the callback when callbackMode is 'late'. */
	callbackDelayMs: number;
	/** Gap between the two deliveries when callbackMode is 'twice'. */
	callbackRepeatGapMs: number;
	/** Safety: callbacks go only to loopback hosts unless this is true. */
	callbackAllowRemoteHosts: boolean;
	/** Result key of the image capabilities: images_path (skill), image_path (reference) or both. */
	imageResultKey: ImageResultKey;
	/** How long a callback delivery waits without an answer before it gives up ("callback timed out"). */
	callbackTimeoutMs: number;
	faults: FaultRule[];
	/**
	 * Download every input URL of a create (inputFetches.ts) while the task runs; one that cannot be fetched fails
	 * the task with the reason. A task stays processing until its downloads are done.
	 */
	fetchInputs: FetchInputs;
}

export interface FakeTomovieeOptions extends Partial<FakeTomovieeSwitches> {
	host?: string;
	/** 0 (default) picks a free port. */
	port?: number;
}

export const DEFAULT_SWITCHES: FakeTomovieeSwitches = {
	appKey: 'test-app-key',
	appSecret: 'test-app-secret',
	authFailureStatus: 401,
	unknownTaskStatus: 200,
	foreignHost: 'none',
	dataAsString: 'none',
	progressField: 'progress',
	queueMs: 200,
	processingMs: 800,
	outcome: 'success',
	failureReason: 'video generation failed',
	createRejection: 'none',
	failedTaskAnswer: 'codeZero',
	callbackBody: 'flat',
	callbackMethod: 'POST',
	callbackQuery: {},
	maxConcurrentTasks: 0,
	rateLimitAnswer: 'http429',
	hints: 'all',
	videoSizeBytes: 64 * 1024,
	videoFailure: 'none',
	videoExpiresInSeconds: 48 * 3600,
	callbackMode: 'once',
	callbackDelayMs: 1000,
	callbackRepeatGapMs: 100,
	callbackAllowRemoteHosts: false,
	imageResultKey: 'images_path',
	callbackTimeoutMs: 10_000,
	faults: [],
	fetchInputs: 'off',
};

const SWITCH_NAMES = new Set<string>([
	...Object.keys(DEFAULT_SWITCHES),
	'durationSampler',
	'videoTruncateAtBytes',
	'createRefusal',
	'runningStatusCode',
]);

/** Names in a configure() payload that are not switches (typos in e2e scripts should fail loudly). */
export function unknownSwitchNames(partial: object): string[] {
	return Object.keys(partial).filter((name) => !SWITCH_NAMES.has(name));
}

const FAULT_TARGETS: FaultTarget[] = ['create', 'query', 'video', 'any'];
const FAULT_KINDS: FaultKind[] = ['http429', 'http502', 'http503', 'http504', 'reset', 'slow', 'auth', 'redirect'];

/** Describes what is wrong with a fault list (empty when fine): a mistyped rule would otherwise never fire. */
export function faultRuleProblems(rules: unknown): string[] {
	if (!Array.isArray(rules)) return ['faults must be an array'];
	return rules.flatMap((rule: Partial<FaultRule>, index) => {
		const problems: string[] = [];
		if (!FAULT_TARGETS.includes(rule?.target as FaultTarget))
			problems.push(`faults[${index}].target must be one of ${FAULT_TARGETS.join(', ')}`);
		if (!FAULT_KINDS.includes(rule?.kind as FaultKind))
			problems.push(`faults[${index}].kind must be one of ${FAULT_KINDS.join(', ')}`);
		if (rule?.kind === 'redirect' && typeof rule.location !== 'string')
			problems.push(`faults[${index}].location is required for redirect`);
		if (rule?.when !== undefined && rule.when !== 'beforeCreate' && rule.when !== 'afterCreate') {
			problems.push(`faults[${index}].when must be beforeCreate or afterCreate`);
		}
		return problems;
	});
}
