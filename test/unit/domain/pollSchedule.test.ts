import {
	BATCH_MATE_WINDOW_MS,
	BLIND_GAP_MS,
	FIRST_CHECK_MS,
	JITTER_SHARE,
	POLL_FLOOR_MS,
	estimateCompletion,
	isBatchMate,
	nextPollDelayMs,
	onBatchLattice,
	replannedDelayMs,
	type CompletionEstimate,
	type FinishedSpan,
	type PollScheduleInput,
	type TaskObservation,
} from '../../../nodes/Tomoviee/domain/pollSchedule';
import { seededRandom } from '../../fake-tomoviee/seededRandom';

const MINUTE = 60_000;
/** No jitter unless a test gives its own random source, so that delays are exact. */
const base = { pollIntervalMs: MINUTE, maxWaitMs: 10 * MINUTE, random: () => 0 };

/** Observations of a task that ends at endMs, as the fake reports it (wait_time = seconds left, rounded up). */
/** A copy of `object` without `keys`: an answer that lacks those fields. */
function without<T extends object, K extends keyof T>(object: T, ...keys: K[]): Omit<T, K> {
	return Object.fromEntries(Object.entries(object).filter(([key]) => !keys.includes(key as K))) as Omit<T, K>;
}

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

/** An answer that says nothing but that the task is still processing. */
const statusOnly = (atMs: number): TaskObservation => ({ atMs, status: 'processing', progress: 0 });

/** Tasks of a batch that finished between `ranAtLeastMs` and `endedByMs` after their creation. */
const finishedAround = (endMs: number, count: number): FinishedSpan[] =>
	Array.from({ length: count }, (_, index) => ({
		ranAtLeastMs: endMs - 2000 + index * 100,
		endedByMs: endMs + index * 100,
	}));

const gapsOf = (queries: number[]) => queries.map((at, index) => at - (queries[index - 1] ?? 0));

/** The estimate the task's answers give; fails the test when they give none. */
function estimateOf(input: PollScheduleInput): CompletionEstimate {
	const estimate = estimateCompletion(input);
	expect(estimate).toBeDefined();
	return estimate as CompletionEstimate;
}

/** Drives the schedule against a task ending at endMs; returns the query times. */
function drive(
	endMs: number,
	input: Partial<PollScheduleInput> & { observe?: (atMs: number) => TaskObservation } = {},
) {
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
		const input = { ...base, maxWaitMs: 30_000 };
		expect(nextPollDelayMs({ ...input, elapsedMs: 29_500, observations: [exactObservation(29_000, 200_000)] })).toBe(
			500,
		);
		expect(nextPollDelayMs({ ...input, elapsedMs: 30_000 })).toBe(0);
		expect(nextPollDelayMs({ ...input, elapsedMs: 45_000 })).toBe(0);
		const queries = drive(200_000, { maxWaitMs: 100_000 });
		expect(Math.max(...queries)).toBeLessThanOrEqual(100_000);
		expect(queries[queries.length - 1]).toBe(100_000);
	});

	it('asks early the first time, to learn the hints the later queries rely on', () => {
		const first = nextPollDelayMs({ ...base, elapsedMs: 0, observations: [] });
		expect(first).toBeLessThanOrEqual(FIRST_CHECK_MS);
		expect(first).toBeGreaterThanOrEqual(POLL_FLOOR_MS);
		// A batch whose tasks took 3 s asks sooner.
		expect(nextPollDelayMs({ ...base, elapsedMs: 0, finished: finishedAround(3000, 5) })).toBeLessThan(first);
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
		const observe = (atMs: number) => without(exactObservation(atMs, endMs), 'estimatedWaitSeconds', 'queuePosition');
		const observations = [observe(30_000), observe(60_000)];
		expect(observations.map((o) => o.progress)).toEqual([6, 37]);
		const estimate = estimateOf({ ...base, elapsedMs: 60_000, observations });
		// 31 points in 30 s, 63 to go: the rate carries it there (a guess from one reading or the prior would not).
		expect(estimate.endAtMs).toBeCloseTo(60_000 + (63 * 30_000) / 31);
		expect(Math.abs(estimate.endAtMs - endMs)).toBeLessThan(3000);
		const queries = drive(endMs, { observe });
		expect(queries[queries.length - 1] - endMs).toBeLessThanOrEqual(3000);
	});

	it('without hints, checks no closer than the blind gap, and ever more rarely once a task outlasts the prior', () => {
		// The status never changes and no hints come.
		const queries = drive(500_000, { observe: statusOnly });
		const gaps = gapsOf(queries);
		// Before 30 s (where the contract's 1-5 minutes make an end unlikely) only the first checks.
		expect(queries.filter((at) => at < 30_000).length).toBeLessThanOrEqual(3);
		for (const gap of gaps.slice(1)) expect(gap).toBeGreaterThanOrEqual(BLIND_GAP_MS);
		// Past 5 minutes the gaps widen, and a task that runs on and on is checked at the ceiling.
		const late = gaps.filter((_, index) => queries[index] > 330_000);
		late.forEach((gap, index) => expect(gap).toBeGreaterThanOrEqual(late[index - 1] ?? 0));
		expect(queries.length).toBeLessThan(40);
		const veryLong = gapsOf(drive(3_000_000, { observe: statusOnly, maxWaitMs: 60 * MINUTE }));
		expect(veryLong.slice(-2)).toEqual([MINUTE, MINUTE]);
	});

	it('without hints, spends fewer checks than a fixed 10 s interval on a minute-long task, with less lag', () => {
		for (const endMs of [45_000, 60_000, 75_000]) {
			const queries = drive(endMs, { observe: statusOnly });
			const lag = queries[queries.length - 1] - endMs;
			expect(lag).toBeGreaterThanOrEqual(0);
			// A fixed 10 s interval: ceil(end / 10 s) checks, and up to 10 s of lag.
			expect(queries.length).toBeLessThanOrEqual(Math.ceil(endMs / 10_000));
			expect(lag).toBeLessThan(10_000);
		}
	});

	it('learns from the batch: tasks still running push the next check out, finished ones pull it in', () => {
		const observations = [statusOnly(5000), statusOnly(20_000), statusOnly(30_000)];
		const alone = nextPollDelayMs({ ...base, elapsedMs: 30_000, observations });
		// Nineteen other tasks created with it, all still running at 30 s: this batch is not a fast one.
		const slowBatch = nextPollDelayMs({ ...base, elapsedMs: 30_000, observations, running: Array(19).fill(30_000) });
		expect(slowBatch).toBeGreaterThan(alone * 1.2);
		// Tasks of the batch ended at about 35 s: the end is likely now, checks come as often as the blind gap allows.
		const quickBatch = nextPollDelayMs({
			...base,
			elapsedMs: 30_000,
			observations,
			finished: finishedAround(35_000, 5),
		});
		expect(quickBatch).toBe(BLIND_GAP_MS);
		expect(quickBatch).toBeLessThan(alone);
	});

	it('aims one query just past the end once two seconds-left readings pin it down', () => {
		for (const endMs of [40_000, 60_000, 123_456]) {
			const queries = drive(endMs);
			const last = queries[queries.length - 1];
			expect(last).toBeGreaterThanOrEqual(endMs);
			expect(last - endMs).toBeLessThanOrEqual(1100);
			expect(queries.length).toBeLessThanOrEqual(endMs > MINUTE ? 4 : 3);
		}
	});

	it('keeps a wait_time clock that is sure to a second over a vaguer progress rate that ends earlier', () => {
		// A task ending at 27.2 s, processing from 5.44 s: progress is rounded down, so its rate ends a little early.
		const observations: TaskObservation[] = [
			{ atMs: 5900, status: 'processing', progress: 2, estimatedWaitSeconds: 22 },
			{ atMs: 18_000, status: 'processing', progress: 57, estimatedWaitSeconds: 10 },
		];
		const estimate = estimateOf({ ...base, elapsedMs: 18_000, observations });
		// The wait_time clock: by 5.9 + 22 s and by 18 + 10 s, so by 27.9 s; the progress rate would say 27.46 s.
		expect(estimate.endAtMs).toBe(27_900);
		expect(estimate.doubtMs).toBeLessThanOrEqual(1000);
		const landing = 18_000 + nextPollDelayMs({ ...base, elapsedMs: 18_000, observations });
		expect(landing).toBeGreaterThanOrEqual(27_200);
		expect(landing).toBeLessThanOrEqual(28_200);
	});

	it('measures the pace of a wait_time that is off by 2x either way and lands near the end all the same', () => {
		for (const factor of [0.5, 2]) {
			const endMs = 90_000;
			const observe = (atMs: number): TaskObservation => ({
				atMs,
				status: 'processing',
				progress: 0,
				estimatedWaitSeconds: Math.ceil((factor * (endMs - atMs)) / 1000),
			});
			const queries = drive(endMs, { observe });
			expect(queries[queries.length - 1] - endMs).toBeLessThanOrEqual(2000);
			expect(queries.length).toBeLessThanOrEqual(6);
		}
	});

	it('does not read a progress of 100 while still processing as the end', () => {
		// Progress jumps to 100 at 30 s; the task ends at 90 s.
		const observe = (atMs: number): TaskObservation => ({
			atMs,
			status: 'processing',
			progress: atMs >= 30_000 ? 100 : 0,
		});
		const queries = drive(90_000, { observe });
		const gaps = gapsOf(queries);
		expect(gaps.slice(1).every((gap) => gap >= BLIND_GAP_MS)).toBe(true);
		expect(queries.length).toBeLessThanOrEqual(Math.ceil(90_000 / 10_000));
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
			expect(nextPollDelayMs({ ...base, elapsedMs: 59_600, observations, random: () => 0.999 })).toBeGreaterThanOrEqual(
				POLL_FLOOR_MS,
			);
		}
	});
});

describe('estimateCompletion', () => {
	it('trusts two agreeing wait_time readings more than one', () => {
		const one = estimateOf({ ...base, elapsedMs: 5000, observations: [exactObservation(5000, 60_000)] });
		const two = estimateOf({
			...base,
			elapsedMs: 40_000,
			observations: [exactObservation(5000, 60_000), exactObservation(40_000, 60_000)],
		});
		// At 5 s, 55 s left: the one reading alone says 60 s (the task is still queued, so no progress to read).
		expect(one.endAtMs).toBe(60_000);
		expect(two.doubt).toBeLessThan(one.doubt);
		expect(two.endAtMs).toBe(60_000);
	});

	it('ignores a wait_time that grows with time (not the time left) and falls back on progress', () => {
		const observations: TaskObservation[] = [
			{ atMs: 20_000, status: 'processing', progress: 10, estimatedWaitSeconds: 20 },
			{ atMs: 40_000, status: 'processing', progress: 40, estimatedWaitSeconds: 40 },
		];
		const estimate = estimateOf({ ...base, elapsedMs: 40_000, observations });
		// Exactly what the progress alone says (30 points in 20 s, 60 to go): the wait_time changes nothing.
		const withoutWaitTime = observations.map((o) => without(o, 'estimatedWaitSeconds'));
		expect(estimate).toEqual(estimateCompletion({ ...base, elapsedMs: 40_000, observations: withoutWaitTime }));
		expect(estimate.endAtMs).toBe(80_000);
	});

	it('reads the queue moving to tell when a queued task will start', () => {
		const observations: TaskObservation[] = [
			{ atMs: 10_000, status: 'queued', progress: 0, queuePosition: 6 },
			{ atMs: 20_000, status: 'queued', progress: 0, queuePosition: 4 },
		];
		const finished = finishedAround(60_000, 10);
		const estimate = estimateOf({ ...base, elapsedMs: 20_000, observations, finished });
		// Nothing but the position tells: without it there is no estimate.
		const withoutPosition = observations.map((o) => without(o, 'queuePosition'));
		expect(estimateCompletion({ ...base, elapsedMs: 20_000, observations: withoutPosition, finished })).toBeUndefined();
		// 4 places at 2 places per 10 s: starts in 20 s (at 40 s), then about the 60 s the batch's tasks took.
		expect(Math.abs(estimate.endAtMs - 100_000)).toBeLessThan(5000);
	});

	it('gives no estimate where the answers hint nothing: the batch and the prior are no hint', () => {
		expect(estimateCompletion({ ...base, elapsedMs: 0 })).toBeUndefined();
		expect(estimateCompletion({ ...base, elapsedMs: 240_000, observations: [statusOnly(240_000)] })).toBeUndefined();
		const finished = finishedAround(45_000, 6);
		expect(
			estimateCompletion({ ...base, elapsedMs: 10_000, observations: [statusOnly(10_000)], finished }),
		).toBeUndefined();
	});

	it('bounds one progress reading by the pace so far, and uses the typical duration within that bound', () => {
		// 50 % at 30 s, no answer before: progress began at creation at the earliest, so the end is by 60 s.
		const bounded = estimateOf({
			...base,
			elapsedMs: 30_000,
			observations: [{ atMs: 30_000, status: 'processing', progress: 50 }],
		});
		// The prior's typical duration (about 100 s) would put the end past that bound: the bound's middle is taken.
		expect(bounded.endAtMs).toBe(45_000);
		expect(bounded.endAtMs + bounded.doubtMs).toBeLessThanOrEqual(60_000);
		// With a batch of 40 s tasks, 50 % at 30 s means about 20 s to go: within the bound, so it is used.
		const scaled = estimateOf({
			...base,
			elapsedMs: 30_000,
			observations: [{ atMs: 30_000, status: 'processing', progress: 50 }],
			finished: finishedAround(40_000, 8),
		});
		expect(Math.abs(scaled.endAtMs - 50_000)).toBeLessThan(3000);
	});

	it('lets one wait_time reading outweigh a progress share guessed from the prior alone', () => {
		// A short task seen processing at 2 % after 5 s, with 18 s to go by its wait_time.
		const observations: TaskObservation[] = [
			{ atMs: 5000, status: 'processing', progress: 2, estimatedWaitSeconds: 18 },
		];
		const estimate = estimateOf({ ...base, elapsedMs: 5000, observations });
		// 5 s + 18 s, to the millisecond: the reading's end, not a share of the prior's typical duration.
		expect(estimate.endAtMs).toBe(23_000);
		// The next check comes before the end that reading announces, to measure its pace.
		expect(nextPollDelayMs({ ...base, elapsedMs: 5000, observations })).toBeLessThan(18_000);
		// 7 % after 5.7 s only bounds the end (by 81 s at that pace): the reading is the sharper estimate.
		const bounded: TaskObservation[] = [{ atMs: 5700, status: 'processing', progress: 7, estimatedWaitSeconds: 17 }];
		expect(estimateOf({ ...base, elapsedMs: 5700, observations: bounded }).endAtMs).toBe(5700 + 17_000);
		expect(nextPollDelayMs({ ...base, elapsedMs: 5700, observations: bounded })).toBeLessThan(17_000);
	});

	it('ignores a wait_time that does not count down: constant, zero, or growing', () => {
		const readings = (wait: (atMs: number) => number): TaskObservation[] =>
			[10_000, 25_000, 40_000].map((atMs) => ({
				atMs,
				status: 'processing',
				progress: 0,
				estimatedWaitSeconds: wait(atMs),
			}));
		const statusOnlyDelay = nextPollDelayMs({
			...base,
			elapsedMs: 40_000,
			observations: readings(() => 0).map(({ atMs }) => statusOnly(atMs)),
		});
		for (const wait of [() => 96, () => 0, (atMs: number) => atMs / 1000]) {
			expect(estimateCompletion({ ...base, elapsedMs: 40_000, observations: readings(wait) })).toBeUndefined();
			// The schedule goes on as if the answers said nothing but "processing".
			expect(nextPollDelayMs({ ...base, elapsedMs: 40_000, observations: readings(wait) })).toBe(statusOnlyDelay);
		}
	});

	it('is a pure function of its input', () => {
		const input: PollScheduleInput = {
			...base,
			elapsedMs: 33_000,
			observations: [exactObservation(5000, 90_000), exactObservation(33_000, 90_000)],
			finished: finishedAround(80_000, 3),
			running: [30_000, 31_000],
		};
		const copy = { ...(JSON.parse(JSON.stringify(input)) as PollScheduleInput), random: input.random };
		expect(nextPollDelayMs(input)).toBe(nextPollDelayMs(input));
		expect(input).toEqual(copy);
	});
});

describe('isBatchMate', () => {
	const finished = { capabilityId: 'tm_img2video_b', createdAt: 1_000_000 };

	it('takes tasks of the same capability created within the window, before or after, as batch-mates', () => {
		expect(isBatchMate(finished, { ...finished })).toBe(true);
		expect(isBatchMate(finished, { ...finished, createdAt: finished.createdAt + BATCH_MATE_WINDOW_MS })).toBe(true);
		expect(isBatchMate(finished, { ...finished, createdAt: finished.createdAt - BATCH_MATE_WINDOW_MS })).toBe(true);
	});

	it('leaves out another capability, and a task created later than the window', () => {
		expect(isBatchMate(finished, { ...finished, capabilityId: 'tm_text2music' })).toBe(false);
		expect(isBatchMate(finished, { ...finished, createdAt: finished.createdAt + BATCH_MATE_WINDOW_MS + 1 })).toBe(
			false,
		);
	});
});

describe('replannedDelayMs', () => {
	/** A status-only task last seen running at lastSeenMs, sleeping on the plan it got then without the batch's ends. */
	function sleepingMate(lastSeenMs: number) {
		const observations = [5000, lastSeenMs].map(statusOnly);
		const dueAtMs = lastSeenMs + nextPollDelayMs({ ...base, elapsedMs: lastSeenMs, observations });
		return { observations, pending: { plannedAtMs: lastSeenMs, dueAtMs } };
	}

	it("brings a sleeping batch-mate's query sooner once a task of the batch is found done", () => {
		const { observations, pending } = sleepingMate(55_000);
		const nowMs = 62_000;
		const finished = [{ ranAtLeastMs: 55_000, endedByMs: nowMs }];
		const delayMs = replannedDelayMs({ ...base, elapsedMs: nowMs, observations, finished }, pending);
		expect(delayMs).toBeDefined();
		expect(nowMs + (delayMs as number)).toBeLessThan(pending.dueAtMs);
		// Still no closer to its last status-only answer than the blind gap: only the knowledge changed.
		expect(nowMs + (delayMs as number)).toBeGreaterThanOrEqual(pending.plannedAtMs + BLIND_GAP_MS);
	});

	it('plans from when the task was last known running, and queries at once when that plan is already due', () => {
		const { observations, pending } = sleepingMate(40_000);
		const finished = [{ ranAtLeastMs: 40_000, endedByMs: 45_000 }];
		const input = { ...base, observations, finished };
		const replanned = nextPollDelayMs({ ...input, elapsedMs: 40_000 });
		expect(replannedDelayMs({ ...input, elapsedMs: 42_000 }, pending)).toBe(40_000 + replanned - 42_000);
		expect(replannedDelayMs({ ...input, elapsedMs: 40_000 + replanned + 3000 }, pending)).toBe(0);
	});

	it('never moves a query later: a pending query as soon or sooner stands', () => {
		const { observations } = sleepingMate(55_000);
		const finished = [{ ranAtLeastMs: 55_000, endedByMs: 62_000 }];
		const input = { ...base, elapsedMs: 58_000, observations, finished };
		expect(replannedDelayMs(input, { plannedAtMs: 55_000, dueAtMs: 56_000 })).toBeUndefined();
		// A batch-mate that took far longer pushes the end out: the plan made without it stands.
		const slow = [{ ranAtLeastMs: 290_000, endedByMs: 300_000 }];
		expect(replannedDelayMs({ ...input, finished: slow }, sleepingMate(55_000).pending)).toBeUndefined();
	});

	it('leaves a task whose own answers hint its end on the plan they give', () => {
		// Its wait_time says 80 s: its query is aimed by that, whatever a batch-mate that ended at 62 s says.
		const observations = [5000, 55_000].map((atMs) => ({
			...statusOnly(atMs),
			estimatedWaitSeconds: (80_000 - atMs) / 1000,
		}));
		const plannedAtMs = 55_000;
		const pending = {
			plannedAtMs,
			dueAtMs: plannedAtMs + nextPollDelayMs({ ...base, elapsedMs: plannedAtMs, observations }),
		};
		const finished = [{ ranAtLeastMs: 55_000, endedByMs: 62_000 }];
		// Even where planning again would land sooner (a new jitter draw), the plan stands: a re-plan would only add queries.
		const now = { ...base, elapsedMs: 62_000, finished, random: () => 0.99 };
		expect(replannedDelayMs({ ...now, observations }, pending)).toBeUndefined();
		// The same task with status-only answers is re-planned.
		const blind = sleepingMate(plannedAtMs);
		expect(replannedDelayMs({ ...now, observations: blind.observations }, blind.pending)).toBeDefined();
	});
});

describe('blind checks among batch-mates (onBatchLattice)', () => {
	it('moves a blind check later, onto its own lattice (steps of the planned gap in whole blind gaps), never sooner', () => {
		for (const rank of [0, 1, 2, 5, 17]) {
			for (const batchClockMs of [0, 3_456, 61_000]) {
				for (const delayMs of [7_000, 9_500, 14_000, 40_000]) {
					const stepMs = BLIND_GAP_MS * Math.ceil(delayMs / BLIND_GAP_MS);
					const moved = onBatchLattice(delayMs, { rank, batchClockMs });
					expect(moved).toBeGreaterThanOrEqual(delayMs - 1e-6);
					expect(moved).toBeLessThan(delayMs + stepMs);
					// Checks of one rank planned with the same gap stay in phase: the next one lands a whole step later.
					expect(onBatchLattice(delayMs, { rank, batchClockMs: batchClockMs + moved })).toBeCloseTo(stepMs, 6);
				}
			}
		}
	});

	it('spreads six batch-mates over the gap: the batch is checked about every BLIND_GAP_MS / 6', () => {
		const phases = [0, 1, 2, 3, 4, 5]
			.map((rank) => onBatchLattice(0, { rank, batchClockMs: 0 }) % BLIND_GAP_MS)
			.sort((a, b) => a - b);
		const gaps = phases.map((phase, index) => (phases[index + 1] ?? phases[0] + BLIND_GAP_MS) - phase);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(BLIND_GAP_MS / 3);
	});

	it('applies to blind checks only: not to the first check, a landing shot, or a task alone', () => {
		const batchPlace = { rank: 3, batchClockMs: 12_345 };
		const first = { ...base, elapsedMs: 0, observations: [] };
		expect(nextPollDelayMs({ ...first, batchPlace })).toBe(nextPollDelayMs(first));
		const hinted = {
			...base,
			elapsedMs: 30_000,
			observations: [exactObservation(20_000, 60_000), exactObservation(30_000, 60_000)],
		};
		expect(nextPollDelayMs({ ...hinted, batchPlace })).toBe(nextPollDelayMs(hinted));
		const blind = { ...base, elapsedMs: 50_000, observations: [statusOnly(10_000), statusOnly(50_000)] };
		const alone = nextPollDelayMs(blind);
		const inBatch = nextPollDelayMs({ ...blind, batchPlace });
		expect(inBatch).toBeGreaterThanOrEqual(alone);
		expect(inBatch).toBe(Math.ceil(onBatchLattice(alone, batchPlace)));
	});

	it('keeps a blind check within the longest gap (Poll Interval), at a point of the lattice', () => {
		const tight = { ...base, pollIntervalMs: 20_000 };
		const blind = { ...tight, elapsedMs: 5_000, observations: [statusOnly(5_000)] };
		const alone = nextPollDelayMs(blind);
		const delays = [1, 2, 3, 4, 5].map((rank) => {
			const batchPlace = { rank, batchClockMs: 5_000 };
			const delayMs = nextPollDelayMs({ ...blind, batchPlace });
			expect(delayMs).toBeLessThanOrEqual(tight.pollIntervalMs);
			// A whole number of steps from where the lattice would have put it, or the ceiling when no point fits.
			const stepMs = BLIND_GAP_MS * Math.ceil(alone / BLIND_GAP_MS);
			const offLattice = Math.abs(onBatchLattice(alone, batchPlace) - delayMs) % stepMs;
			const onLattice = Math.min(offLattice, stepMs - offLattice) <= 1;
			expect(onLattice || delayMs === tight.pollIntervalMs).toBe(true);
			return delayMs;
		});
		// Most points step back into the gap rather than all piling up at the ceiling.
		expect(delays.filter((delayMs) => delayMs < tight.pollIntervalMs).length).toBeGreaterThanOrEqual(3);
	});

	it('finds a batch of six status-only tasks of 62 s done within a fraction of the blind gap, with no more queries', () => {
		const endMs = 62_000;
		const run = (stagger: boolean) => {
			const tasks = Array.from({ length: 6 }, (_, rank) => ({ rank, observations: [] as TaskObservation[], due: 0 }));
			for (const task of tasks) task.due = nextPollDelayMs({ ...base, elapsedMs: 0, observations: [] });
			let queries = 0;
			for (;;) {
				const next = tasks.reduce((a, b) => (b.due < a.due ? b : a));
				queries += 1;
				if (next.due >= endMs) return { firstSeenLagMs: next.due - endMs, queries };
				next.observations.push(statusOnly(next.due));
				const batchPlace = stagger ? { rank: next.rank, batchClockMs: next.due } : undefined;
				next.due += nextPollDelayMs({ ...base, elapsedMs: next.due, observations: next.observations, batchPlace });
			}
		};
		const inStep = run(false);
		const spread = run(true);
		expect(spread.firstSeenLagMs).toBeLessThan(BLIND_GAP_MS / 3);
		expect(spread.firstSeenLagMs).toBeLessThanOrEqual(inStep.firstSeenLagMs);
		expect(spread.queries).toBeLessThanOrEqual(inStep.queries);
	});
});
