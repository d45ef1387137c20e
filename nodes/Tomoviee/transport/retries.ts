/**
 * Requests sent again, by the rules of domain/retryPolicy. A create only where Tomoviee certainly took nothing (429, a
 * refused connection), so that a retry never makes and charges a duplicate; its answer read down to the new task's id.
 * A status query on every transient fault.
 */
import { decideRetry } from '../domain/retryPolicy';
import { createdTaskId, type Reply } from './envelope';
import { NO_TASK_ID_FAILURE, type ApiFailure } from './failures';

/** Sleeps between two attempts; resolves to false when no further attempt should be made. */
export type RetryPause = (ms: number) => Promise<boolean>;

export type CreateResult = { ok: true; taskId: string } | { ok: false; failure: ApiFailure };

export async function createWithRetries(sendCreate: () => Promise<Reply>, pause: RetryPause): Promise<CreateResult> {
	for (let attempt = 1, failingSince = 0; ; attempt++) {
		const outcome = await sendCreate();
		if (outcome.ok) {
			const taskId = createdTaskId(outcome.data);
			return taskId === undefined ? { ok: false, failure: NO_TASK_ID_FAILURE } : { ok: true, taskId };
		}
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

/**
 * A status query, sent again on every transient fault until it is answered or the faults persist (domain/retryPolicy):
 * the one rule for status queries, while polling and when a callback reads its tasks. No retry is made that would
 * land past `deadline` (a Date.now() time). Resolves to the last outcome, or undefined once `pause` says to stop.
 */
export async function queryWithRetries(
	sendQuery: () => Promise<Reply>,
	pause: RetryPause,
	deadline?: number,
): Promise<Reply | undefined> {
	for (let attempt = 1, failingSince = 0; ; attempt++) {
		const outcome = await sendQuery();
		if (outcome.ok) return outcome;
		if (attempt === 1) failingSince = Date.now();
		const decision = decideRetry({
			purpose: 'query',
			failure: outcome.failure,
			attempt,
			failingForMs: Date.now() - failingSince,
			remainingMs: deadline === undefined ? undefined : deadline - Date.now(),
			random: Math.random,
		});
		if (!decision.retry) return outcome;
		if (!(await pause(decision.delayMs))) return undefined;
	}
}
