/** The execution's stop signal, and the one sleep that a stop cuts short. */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

/** The execution's stop signal; older n8n versions offer none, and waits then run to their end. */
export function cancelSignalOf(
	ctx: Partial<Pick<IExecuteFunctions, 'getExecutionCancelSignal'>>,
): AbortSignal | undefined {
	return typeof ctx.getExecutionCancelSignal === 'function' ? ctx.getExecutionCancelSignal() : undefined;
}

/** Longest single sleep, so that a stop is noticed within about this long even where no wake-up promise is given. */
const MAX_SLEEP_SLICE_MS = 1000;

/**
 * Sleeps `ms`, in slices, ending early once `stopped()` holds or `wake` settles. Resolves to whether the caller should
 * go on (false once stopped), so that a stopped execution never sleeps out a long Retry-After or poll gap.
 */
export async function sleepUnlessStopped(ms: number, stopped: () => boolean, wake?: Promise<void>): Promise<boolean> {
	const until = Date.now() + ms;
	for (let left = ms; left > 0 && !stopped(); left = until - Date.now()) {
		const slice = sleep(Math.min(left, MAX_SLEEP_SLICE_MS));
		await (wake ? Promise.race([slice, wake]) : slice);
	}
	return !stopped();
}
