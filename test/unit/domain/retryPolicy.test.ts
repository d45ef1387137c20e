import {
	BACKOFF_CAP_MS,
	CREATE_RETRY_BUDGET,
	QUERY_RETRY_BUDGET,
	backoffMs,
	decideRetry,
	isRetryable,
	type RetryInput,
} from '../../../nodes/Tomoviee/domain/retryPolicy';
import { seededRandom } from '../../fake-tomoviee/seededRandom';

/** The backoff without jitter: its upper bound, so that the delays below are exact. */
const NO_JITTER = () => 0;
const query = (failure: RetryInput['failure'], extra: Partial<RetryInput> = {}) =>
	decideRetry({ purpose: 'query', failure, attempt: 1, failingForMs: 0, random: NO_JITTER, ...extra });
const create = (failure: RetryInput['failure'], extra: Partial<RetryInput> = {}) =>
	decideRetry({ purpose: 'create', failure, attempt: 1, failingForMs: 0, random: NO_JITTER, ...extra });

describe('retry policy: status queries', () => {
	it.each(['rateLimited', 'serverError', 'badResponse', 'network', 'timeout'])('retries %s', (kind) => {
		expect(query({ kind, networkCode: kind === 'network' ? 'ECONNRESET' : undefined }).retry).toBe(true);
	});

	it.each(['api', 'auth', 'httpError', 'cancelled'])('does not retry %s', (kind) => {
		expect(query({ kind }).retry).toBe(false);
	});

	it('honours Retry-After: never sooner than the server asked', () => {
		const decision = query({ kind: 'rateLimited', retryAfterMs: 7000 }, { random: () => 0 });
		expect(decision).toEqual({ retry: true, delayMs: 7000 });
		// A Retry-After shorter than the backoff step leaves the backoff in force.
		const later = query({ kind: 'rateLimited', retryAfterMs: 100 }, { attempt: 4 });
		expect(later.retry && later.delayMs).toBe(8000);
	});

	it('backs off exponentially up to a cap, with jitter within [half, full] of the step', () => {
		expect([1, 2, 3, 4].map((attempt) => backoffMs(attempt, NO_JITTER))).toEqual([1000, 2000, 4000, 8000]);
		expect(backoffMs(20, NO_JITTER)).toBe(BACKOFF_CAP_MS);
		const random = seededRandom(9);
		for (let attempt = 1; attempt <= 8; attempt++) {
			for (let i = 0; i < 50; i++) {
				const step = backoffMs(attempt, NO_JITTER);
				const jittered = backoffMs(attempt, random);
				expect(jittered).toBeGreaterThanOrEqual(step / 2);
				expect(jittered).toBeLessThanOrEqual(step);
			}
		}
	});

	it('gives up once failures persist past the attempt budget', () => {
		const failure = { kind: 'serverError' };
		expect(query(failure, { attempt: QUERY_RETRY_BUDGET.maxAttempts - 1 }).retry).toBe(true);
		expect(query(failure, { attempt: QUERY_RETRY_BUDGET.maxAttempts }).retry).toBe(false);
	});

	it('gives up once failures persist past the time budget', () => {
		const decision = query({ kind: 'timeout' }, { attempt: 2, failingForMs: QUERY_RETRY_BUDGET.maxFailingMs - 500 });
		expect(decision.retry).toBe(false);
	});

	it('does not retry when the delay would reach past the maximum wait', () => {
		expect(query({ kind: 'rateLimited', retryAfterMs: 30_000 }, { remainingMs: 10_000 }).retry).toBe(false);
		expect(query({ kind: 'rateLimited', retryAfterMs: 3000 }, { remainingMs: 10_000 }).retry).toBe(true);
	});
});

describe('retry policy: creates (a duplicate task costs money)', () => {
	it('retries a 429 and a rate-limit answer, honouring Retry-After', () => {
		expect(create({ kind: 'rateLimited', retryAfterMs: 2000 }, { random: () => 0 })).toEqual({
			retry: true,
			delayMs: 2000,
		});
	});

	it('retries a refused connection: nothing was sent', () => {
		expect(create({ kind: 'network', networkCode: 'ECONNREFUSED' }).retry).toBe(true);
	});

	it.each([
		['a timeout after sending', { kind: 'timeout', networkCode: 'ETIMEDOUT' }],
		['a reset', { kind: 'network', networkCode: 'ECONNRESET' }],
		['a network error without code', { kind: 'network' }],
		['a 502 (the backend may have created it)', { kind: 'serverError' }],
		['an HTML answer', { kind: 'badResponse' }],
		['an API error', { kind: 'api' }],
	])('never retries %s', (_, failure) => {
		expect(isRetryable('create', failure)).toBe(false);
		expect(create(failure).retry).toBe(false);
	});

	it('gives up on persistent rate limiting within its budget', () => {
		expect(create({ kind: 'rateLimited' }, { attempt: CREATE_RETRY_BUDGET.maxAttempts }).retry).toBe(false);
	});
});
