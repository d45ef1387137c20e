/**
 * Requests sent again, by the rules of domain/retryPolicy. A create only where Tomoviee certainly took nothing (429, a
 * refused connection), so that a retry never makes and charges a duplicate; its answer read down to the new task's id.
 * A status query on every transient fault.
 */
import { decideRetry, type RequestPurpose } from '../domain/retryPolicy';
import { createdTaskId, type Reply } from './envelope';
import { NO_TASK_ID_FAILURE, type ApiFailure } from './failures';

/** Sleeps between two attempts; resolves to false when no further attempt should be made. */
export type RetryPause = (ms: number) => Promise<boolean>;

export type CreateResult = { ok: true; taskId: string } | { ok: false; failure: ApiFailure };

export async function createWithRetries(sendCreate: () => Promise<Reply>, pause: RetryPause): Promise<CreateResult> {
	const { reply } = await withRetries('create', sendCreate, pause);
	if (!reply.ok) return reply;
	const taskId = createdTaskId(reply.data);
	return taskId === undefined ? { ok: false, failure: NO_TASK_ID_FAILURE } : { ok: true, taskId };
}

/**
 * A status query, sent again on every transient fault until it is answered or the faults persist: the one rule for
 * status queries, while polling and when a callback reads its tasks. No retry is made that would land past
 * `deadline` (a Date.now() time). Resolves to the last reply, or undefined once `pause` says to stop.
 */
export async function queryWithRetries(
	sendQuery: () => Promise<Reply>,
	pause: RetryPause,
	deadline?: number,
): Promise<Reply | undefined> {
	const { reply, stopped } = await withRetries('query', sendQuery, pause, deadline);
	return stopped ? undefined : reply;
}

/** Sends until answered, or until the policy or `pause` says no more; the last reply, and whether a pause stopped. */
async function withRetries(
	purpose: RequestPurpose,
	send: () => Promise<Reply>,
	pause: RetryPause,
	deadline?: number,
): Promise<{ reply: Reply; stopped: boolean }> {
	for (let attempt = 1, failingSince = 0; ; attempt++) {
		const reply = await send();
		if (reply.ok) return { reply, stopped: false };
		if (attempt === 1) failingSince = Date.now();
		const decision = decideRetry({
			purpose,
			failure: reply.failure,
			attempt,
			failingForMs: Date.now() - failingSince,
			remainingMs: deadline === undefined ? undefined : deadline - Date.now(),
			random: Math.random,
		});
		if (!decision.retry) return { reply, stopped: false };
		if (!(await pause(decision.delayMs))) return { reply, stopped: true };
	}
}
