/**
 * The one sleep that a stop cuts short. n8n's `sleep` runs on setTimeout, so jest's fake clock drives it: each test
 * says how far the clock must move before the sleep ends, which is the behaviour, instead of measuring real time.
 */
import { sleepUnlessStopped } from '../../../nodes/Tomoviee/transport/cancellation';

/** Follows a promise without awaiting it, so that a test can ask whether it has settled yet. */
function track<T>(promise: Promise<T>): { settled: () => boolean; value: () => T | undefined } {
	let settled = false;
	let value: T | undefined;
	void promise.then((v) => {
		settled = true;
		value = v;
	});
	return { settled: () => settled, value: () => value };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

describe('sleepUnlessStopped', () => {
	it('sleeps the whole time and then says to go on when nothing stops it', async () => {
		const sleeping = track(sleepUnlessStopped(2500, () => false));
		await jest.advanceTimersByTimeAsync(2499);
		expect(sleeping.settled()).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(sleeping.settled()).toBe(true);
		expect(sleeping.value()).toBe(true);
	});

	it('does not sleep at all and says to stop when already stopped', async () => {
		const sleeping = sleepUnlessStopped(60_000, () => true);
		// No timer was ever set: the clock does not move and the answer is already there.
		expect(jest.getTimerCount()).toBe(0);
		await expect(sleeping).resolves.toBe(false);
	});

	it('ends a long sleep as soon as the wake-up promise settles, and then reports the stop', async () => {
		let stopped = false;
		let wake: () => void = () => {};
		const woken = new Promise<void>((resolve) => (wake = resolve));
		const sleeping = track(sleepUnlessStopped(60_000, () => stopped, woken));
		await jest.advanceTimersByTimeAsync(100);
		expect(sleeping.settled()).toBe(false);
		stopped = true;
		wake();
		// The clock stays where it is: the wake-up alone ends the sleep, not the end of a slice.
		await jest.advanceTimersByTimeAsync(0);
		expect(sleeping.settled()).toBe(true);
		expect(sleeping.value()).toBe(false);
	});

	it('notices a stop without a wake-up promise at the end of the current slice (a second at most)', async () => {
		let stopped = false;
		const sleeping = track(sleepUnlessStopped(60_000, () => stopped));
		await jest.advanceTimersByTimeAsync(200);
		stopped = true;
		await jest.advanceTimersByTimeAsync(799);
		expect(sleeping.settled()).toBe(false);
		await jest.advanceTimersByTimeAsync(1);
		expect(sleeping.settled()).toBe(true);
		expect(sleeping.value()).toBe(false);
	});
});
