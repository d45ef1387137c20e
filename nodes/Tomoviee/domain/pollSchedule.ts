/**
 * When to ask Tomoviee about a task again. Pure, so that tests and the benchmark can drive it with a simulated clock.
 * This first version polls at the user's interval and never past the deadline; adaptive scheduling builds on it.
 */

export interface PollScheduleInput {
	/** Milliseconds since the task was created. */
	elapsedMs: number;
	/** The user's poll interval (ms): the longest gap between two status queries. */
	pollIntervalMs: number;
	/** The user's maximum wait (ms), counted from creation. */
	maxWaitMs: number;
}

/** Delay (ms) before the next status query; 0 once the deadline is reached. */
export function nextPollDelayMs({ elapsedMs, pollIntervalMs, maxWaitMs }: PollScheduleInput): number {
	const remaining = maxWaitMs - elapsedMs;
	if (remaining <= 0) return 0;
	return Math.min(pollIntervalMs, remaining);
}
