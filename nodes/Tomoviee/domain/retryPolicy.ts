/**
 * Whether a failed request to Tomoviee is tried again, and after how long. Pure: tests and the benchmark drive it.
 *
 * A status query changes nothing at Tomoviee, so every transient fault (429, 5xx, an HTML page instead of JSON, a
 * reset, a timeout) is retried with backoff until the failures persist past a budget. A create costs money: it is
 * retried only when Tomoviee certainly did not take it (429 or an answer that says "rate limited", and a connection
 * that was refused before anything was sent). A timeout, a reset or a 5xx after sending may hide a created task, and
 * a second create would then make and charge a duplicate.
 */

export type RequestPurpose = 'query' | 'create';

/** The facts about a failure the policy needs (the transport's ApiFailure fits). */
export interface FailureFacts {
	kind: string;
	retryAfterMs?: number;
	/** Socket-level code, e.g. ECONNREFUSED or ECONNRESET. */
	networkCode?: string;
}

export interface RetryBudget {
	/** Consecutive failed attempts after which the failure counts as persistent. */
	maxAttempts: number;
	/** Time from the first failure of the streak after which the failure counts as persistent. */
	maxFailingMs: number;
}

export const QUERY_RETRY_BUDGET: RetryBudget = { maxAttempts: 8, maxFailingMs: 5 * 60_000 };
export const CREATE_RETRY_BUDGET: RetryBudget = { maxAttempts: 5, maxFailingMs: 2 * 60_000 };

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 30_000;

export interface RetryInput {
	purpose: RequestPurpose;
	failure: FailureFacts;
	/** Failed attempts in a row so far, this one included (1 after the first failure). */
	attempt: number;
	/** Time since the first failure of this streak. */
	failingForMs: number;
	/** Time left before the user's maximum wait; a retry that would land past it is not made. */
	remainingMs?: number;
	/** Uniform numbers in [0, 1) for jitter (0: the backoff's upper bound). */
	random: () => number;
}

export type RetryDecision = { retry: true; delayMs: number } | { retry: false; reason: string };

const QUERY_RETRYABLE = new Set(['rateLimited', 'serverError', 'badResponse', 'network', 'timeout']);

/** Whether this kind of failure may be retried at all for this request. */
export function isRetryable(purpose: RequestPurpose, failure: FailureFacts): boolean {
	if (purpose === 'query') return QUERY_RETRYABLE.has(failure.kind);
	if (failure.kind === 'rateLimited') return true;
	return failure.kind === 'network' && failure.networkCode === 'ECONNREFUSED';
}

/** Exponential backoff with jitter in [half, full] of the step, so that many tasks do not retry in step. */
export function backoffMs(attempt: number, random: () => number): number {
	const step = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
	return step * (1 - 0.5 * random());
}

export function decideRetry(input: RetryInput): RetryDecision {
	const { purpose, failure, attempt, failingForMs } = input;
	if (!isRetryable(purpose, failure)) {
		return { retry: false, reason: purpose === 'create' ? 'the task may already exist' : 'not a transient fault' };
	}
	const budget = purpose === 'query' ? QUERY_RETRY_BUDGET : CREATE_RETRY_BUDGET;
	if (attempt >= budget.maxAttempts) return { retry: false, reason: `failed ${attempt} times in a row` };
	// Retry-After is the server's own word: never come back sooner.
	const delayMs = Math.max(backoffMs(attempt, input.random), failure.retryAfterMs ?? 0);
	if (failingForMs + delayMs > budget.maxFailingMs) {
		return { retry: false, reason: `still failing after ${Math.round(failingForMs / 1000)} s` };
	}
	if (input.remainingMs !== undefined && delayMs > input.remainingMs) {
		return { retry: false, reason: 'the maximum wait would pass first' };
	}
	return { retry: true, delayMs };
}
