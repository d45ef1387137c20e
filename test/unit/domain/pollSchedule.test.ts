import {
	DEFAULT_EXPECTED_DURATION_MS,
	JITTER_SHARE,
	POLL_FLOOR_MS,
	estimateCompletion,
	nextPollDelayMs,
	seededRandom,
	type PollScheduleInput,
	type TaskObservation,
} from '../../../nodes/Tomoviee/domain/pollSchedule';

const MINUTE = 60_000;
const base = { pollIntervalMs: MINUTE, maxWaitMs: 10 * MINUTE };

/** Observations of a task that ends at endMs, as the fake reports it (wait_time = seconds left, rounded up). */
function exactObservation(atMs: number, endMs: number, queueEndMs = endMs * 0.2): TaskObservation {
	const queued = atMs < queueEndMs;
	return {
		atMs,
		status: queued ? 'queued' : 'processing',
		progress: queued ? 0 : Math.floor((100 * (atMs - queueEndMs)) / (endMs - queueEndMs)),
		estimatedWaitSeconds: Math.ceil((endMs - atMs) / 1000),
		...(queued ? { queuePosition: 2 } : {}),
	};
}

/** Drives the schedule against a task ending at endMs; returns the query times. */
function drive(endMs: number, input: Partial<PollScheduleInput> & { observe?: (atMs: number) => TaskObservation } = {}) {
	const observe = input.observe ?? ((atMs: number) => exactObservation(atMs, endMs));
	const observations: TaskObservation[] = [];
	const queries: number[] = [];
	let now = 0;
	for (let guard = 0; guard < 1000; guard++) {
		const delay = nextPollDelayMs({ ...base, ...input, elapsedMs: now, observations });
		if (delay <= 0) break;
		now += delay;
		queries.push(now);
		if (now >= endMs) break;
		observations.push(observe(now));
	}
	return queries;
}

describe('nextPollDelayMs', () => {
	it('never waits less than the floor nor more than the poll interval (the ceiling)', () => {
		const random = seededRandom(5);
		for (let endMs = 30_000; endMs <= 300_000; endMs += 7_000) {
			const queries = drive(endMs, { random });
			const gaps = queries.map((at, index) => at - (queries[index - 1] ?? 0));
			for (const gap of gaps) {
				expect(gap).toBeGreaterThanOrEqual(POLL_FLOOR_MS);
				expect(gap).toBeLessThanOrEqual(MINUTE);
			}
		}
	});

	it('keeps to a short poll interval even when the task is far from done', () => {
		const queries = drive(240_000, { pollIntervalMs: 5000 });
		const gaps = queries.map((at, index) => at - (queries[index - 1] ?? 0));
		expect(Math.max(...gaps)).toBeLessThanOrEqual(5000);
		expect(queries[queries.length - 1]).toBeGreaterThanOrEqual(240_000);
	});

	it('lowers the floor to a poll interval shorter than it', () => {
		expect(nextPollDelayMs({ ...base, pollIntervalMs: 500, elapsedMs: 0 })).toBe(500);
	});

	it('never schedules a query past the maximum wait, and answers 0 once it has passed', () => {
		const input = { pollIntervalMs: MINUTE, maxWaitMs: 30_000 };
		expect(nextPollDelayMs({ ...input, elapsedMs: 29_500, observations: [exactObservation(29_000, 200_000)] })).toBe(500);
		expect(nextPollDelayMs({ ...input, elapsedMs: 30_000 })).toBe(0);
		expect(nextPollDelayMs({ ...input, elapsedMs: 45_000 })).toBe(0);
		const queries = drive(200_000, { maxWaitMs: 100_000 });
		expect(Math.max(...queries)).toBeLessThanOrEqual(100_000);
		expect(queries[queries.length - 1]).toBe(100_000);
	});

	it('asks early the first time, to learn the hints the later queries rely on', () => {
		const first = nextPollDelayMs({ ...base, elapsedMs: 0, observations: [] });
		expect(first).toBeLessThan(DEFAULT_EXPECTED_DURATION_MS / 10);
		expect(first).toBeGreaterThanOrEqual(POLL_FLOOR_MS);
		// A batch that learned tasks take 20 s asks sooner.
		expect(nextPollDelayMs({ ...base, elapsedMs: 0, expectedDurationMs: 20_000 })).toBeLessThan(first);
	});

	it('polls rarely while far from done and lands just past the end when wait_time is consistent', () => {
		const endMs = 60_000;
		const queries = drive(endMs);
		expect(queries.length).toBeLessThanOrEqual(4);
		const last = queries[queries.length - 1];
		expect(last).toBeGreaterThanOrEqual(endMs);
		expect(last - endMs).toBeLessThanOrEqual(2000);
		// Only the last query lies within a few seconds of the end; the earlier ones are spread out.
		expect(queries.filter((at) => at < endMs - 5000).length).toBeGreaterThanOrEqual(1);
	});

	it('queries a 5-minute task no more often than a minute-long one needs plus the ceiling steps', () => {
		const queries = drive(300_000);
		expect(queries[queries.length - 1]).toBeGreaterThanOrEqual(300_000);
		expect(queries[queries.length - 1] - 300_000).toBeLessThanOrEqual(2000);
		expect(queries.length).toBeLessThanOrEqual(8);
	});

	it('uses the progress rate when there is no wait_time', () => {
		const endMs = 120_000;
		const observe = (atMs: number) => {
			const { estimatedWaitSeconds: _wait, queuePosition: _position, ...rest } = exactObservation(atMs, endMs);
			return rest;
		};
		const observations = [observe(30_000), observe(60_000)];
		const estimate = estimateCompletion({ ...base, elapsedMs: 60_000, observations });
		expect(estimate.source).toBe('progressRate');
		expect(Math.abs(estimate.endAtMs - endMs)).toBeLessThan(3000);
		const queries = drive(endMs, { observe });
		expect(queries[queries.length - 1] - endMs).toBeLessThanOrEqual(3000);
	});

	it('backs off gradually when a task runs past every estimate', () => {
		// The status never changes and no hints come: the gaps grow but stay within the ceiling.
		const observe = (atMs: number): TaskObservation => ({ atMs, status: 'processing', progress: 0 });
		const queries = drive(500_000, { observe });
		const gaps = queries.map((at, index) => at - (queries[index - 1] ?? 0));
		// From the third query on (past the earliest plausible end) the gaps only widen, up to the ceiling.
		const widening = gaps.slice(2);
		widening.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual(widening[index - 1] ?? 0));
		expect(gaps.slice(-2)).toEqual([MINUTE, MINUTE]);
		expect(queries.length).toBeLessThan(40);
	});

	it('jitter only shortens a delay, by at most its share, and a seed repeats it', () => {
		const observations = [exactObservation(5000, 200_000)];
		const plain = nextPollDelayMs({ ...base, elapsedMs: 5000, observations });
		const seen = new Set<number>();
		const random = seededRandom(42);
		for (let i = 0; i < 200; i++) {
			const jittered = nextPollDelayMs({ ...base, elapsedMs: 5000, observations, random });
			expect(jittered).toBeLessThanOrEqual(plain);
			expect(jittered).toBeGreaterThanOrEqual(plain * (1 - JITTER_SHARE) - 1e-9);
			seen.add(jittered);
		}
		expect(seen.size).toBeGreaterThan(100);
		const again = seededRandom(42);
		expect(nextPollDelayMs({ ...base, elapsedMs: 5000, observations, random: again })).toBe(
			nextPollDelayMs({ ...base, elapsedMs: 5000, observations, random: seededRandom(42) }),
		);
	});

	it('never jitters below the floor', () => {
		const observations = [exactObservation(59_500, 60_000, 0), exactObservation(59_600, 60_000, 0)];
		for (let i = 0; i < 50; i++) {
			expect(nextPollDelayMs({ ...base, elapsedMs: 59_600, observations, random: () => 0.999 })).toBeGreaterThanOrEqual(POLL_FLOOR_MS);
		}
	});
});

describe('estimateCompletion', () => {
	it('trusts two agreeing wait_time readings more than one', () => {
		const one = estimateCompletion({ ...base, elapsedMs: 5000, observations: [exactObservation(5000, 60_000)] });
		const two = estimateCompletion({
			...base,
			elapsedMs: 40_000,
			observations: [exactObservation(5000, 60_000), exactObservation(40_000, 60_000)],
		});
		expect(one.source).toBe('waitTime');
		expect(two.doubt).toBeLessThan(one.doubt);
		expect(two.endAtMs).toBe(60_000);
	});

	it('ignores a wait_time that grows with time (not the time left) and falls back on progress', () => {
		const observations: TaskObservation[] = [
			{ atMs: 20_000, status: 'processing', progress: 10, estimatedWaitSeconds: 20 },
			{ atMs: 40_000, status: 'processing', progress: 40, estimatedWaitSeconds: 40 },
		];
		const estimate = estimateCompletion({ ...base, elapsedMs: 40_000, observations });
		expect(estimate.source).toBe('progressRate');
		expect(estimate.endAtMs).toBe(80_000);
	});

	it('reads the queue moving to tell when a queued task will start', () => {
		const observations: TaskObservation[] = [
			{ atMs: 10_000, status: 'queued', progress: 0, queuePosition: 6 },
			{ atMs: 20_000, status: 'queued', progress: 0, queuePosition: 4 },
		];
		const estimate = estimateCompletion({ ...base, elapsedMs: 20_000, observations, expectedDurationMs: 60_000 });
		expect(estimate.source).toBe('queueRate');
		// 4 places at 2 places per 10 s: starts in 20 s, then 60 s of work.
		expect(estimate.endAtMs).toBe(100_000);
	});

	it('falls back on the expected duration, learned or default', () => {
		expect(estimateCompletion({ ...base, elapsedMs: 0 }).endAtMs).toBe(DEFAULT_EXPECTED_DURATION_MS);
		expect(estimateCompletion({ ...base, elapsedMs: 0, expectedDurationMs: 45_000 }).endAtMs).toBe(45_000);
		const queuedOnly = estimateCompletion({
			...base,
			elapsedMs: 10_000,
			expectedDurationMs: 45_000,
			observations: [{ atMs: 10_000, status: 'queued', progress: 0 }],
		});
		expect(queuedOnly.endAtMs).toBe(55_000);
	});

	it('scales the expected duration by the progress still to do', () => {
		const estimate = estimateCompletion({
			...base,
			elapsedMs: 30_000,
			expectedDurationMs: 80_000,
			observations: [{ atMs: 30_000, status: 'processing', progress: 50 }],
		});
		expect(estimate.source).toBe('progressShare');
		expect(estimate.endAtMs).toBe(70_000);
	});
});
