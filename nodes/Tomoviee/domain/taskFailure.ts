/** What a user should do about a task that Tomoviee ended as failed, cancelled or timed out. Pure. */
import { capabilityById } from './capabilities';

/** A failure the account causes, whatever the capability: more tasks would fail the same way until it is fixed. */
const ACCOUNT_REASON = /balance|credit|quota/i;

/**
 * The hint for a task that did not succeed: Tomoviee's reason names what was wrong; the hint names where to look for
 * that capability (a music task has no image to check). A task code (68xxxx) that needs its own advice goes here.
 */
export function failedTaskHint(task: { capabilityId: string; reason: string; errorCode?: number }): string {
	if (ACCOUNT_REASON.test(task.reason)) return 'Top up your Tomoviee account balance, then run the workflow again';
	const inputs = capabilityById(task.capabilityId)?.inputsToCheck ?? 'the capability ID and the request body';
	return `Check ${inputs}, then run again; the reason comes from Tomoviee`;
}
