import { sleepUnlessStopped } from '../../../nodes/Tomoviee/transport/cancellation';

describe('sleepUnlessStopped', () => {
	it('sleeps the whole time and says to go on when nothing stops it', async () => {
		const started = Date.now();
		await expect(sleepUnlessStopped(30, () => false)).resolves.toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(25);
	});

	it('does not sleep at all and says to stop when already stopped', async () => {
		let checks = 0;
		await expect(sleepUnlessStopped(60_000, () => (checks += 1) > 0)).resolves.toBe(false);
	});

	it('ends a long sleep when the wake-up promise settles, and then reports the stop', async () => {
		let stopped = false;
		let wake: () => void = () => {};
		const woken = new Promise<void>((resolve) => (wake = resolve));
		const sleeping = sleepUnlessStopped(60_000, () => stopped, woken);
		stopped = true;
		wake();
		// Resolves within the first slice instead of after a minute: jest's 5 s test timeout would fail this otherwise.
		await expect(sleeping).resolves.toBe(false);
	});

	it('notices a stop without a wake-up promise at the next slice (a second at most)', async () => {
		let stopped = false;
		const sleeping = sleepUnlessStopped(60_000, () => stopped);
		stopped = true;
		await expect(sleeping).resolves.toBe(false);
	});
});
