/**
 * The polling schedule alone, on a simulated clock: thousands of tasks in milliseconds of real time. Each task's
 * answers (status, progress, position, wait_time) come from a stated model; how good those hints are is a parameter,
 * because the real API's wait_time and progress are undocumented.
 */
import {
	isBatchMate,
	nextPollDelayMs,
	replannedDelayMs,
	type BatchMember,
	type FinishedSpan,
	type PollScheduleInput,
	type TaskObservation,
} from '../../nodes/Tomoviee/domain/pollSchedule';
import { seededRandom } from '../fake-tomoviee/seededRandom';
import { fixedIntervalDetection, mean, percentile } from './taskModel';

/** What the simulated API tells while a task runs, one model per way the real API may behave. */
export const HINT_MODELS = {
	exact: 'as the fake: wait_time = seconds left (rounded up), progress linear, queue position moving',
	noisy: 'wait_time off by a per-task bias (log-normal sigma 0.25) and per-answer noise (0.1); progress not linear',
	progressOnly: 'wait_time absent (and no position); progress linear',
	statusOnly: 'nothing but the status: no wait_time, no position, progress 0 until the end',
	progressStuck: 'progress 0 until the end; wait_time and position as the fake',
	progressJump: 'progress 0, then 100 at a random point while still processing; no wait_time or position',
	waitConstant: "wait_time 96 in every answer (the contract sample's figure); progress 0",
	waitZero: 'wait_time 0 in every answer; progress 0',
	waitHalf: 'wait_time half the seconds left; progress 0',
	waitDouble: 'wait_time twice the seconds left; progress 0',
	waitElapsed: 'wait_time = seconds since creation (time waited so far); progress 0',
} as const;
export type HintModel = keyof typeof HINT_MODELS;

/** Share of a task's duration spent queued (as the fake's default 200:800 split). */
const QUEUE_SHARE = 0.2;
/** The queue moves one place per this long. */
const QUEUE_STEP_MS = 5000;

interface SimTask {
	durationMs: number;
	bias: number;
	noise: () => number;
	/** progressJump: share of the processing time after which progress reads 100. */
	jumpAt: number;
}

function gaussian(random: () => number): number {
	// Box-Muller: enough for a bench's noise.
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function newTask(durationMs: number, random: () => number): SimTask {
	return {
		durationMs,
		bias: Math.exp(0.25 * gaussian(random)),
		noise: () => Math.exp(0.1 * gaussian(random)),
		jumpAt: random(),
	};
}

function observe(task: SimTask, atMs: number, hints: HintModel): TaskObservation {
	const queueEndMs = task.durationMs * QUEUE_SHARE;
	const queued = atMs < queueEndMs;
	const share = queued ? 0 : (atMs - queueEndMs) / (task.durationMs - queueEndMs);
	const leftMs = task.durationMs - atMs;
	const observation: TaskObservation = { atMs, status: queued ? 'queued' : 'processing', progress: 0 };
	const withWait = (seconds: number): TaskObservation => ({
		...observation,
		estimatedWaitSeconds: Math.max(0, seconds),
	});
	switch (hints) {
		case 'statusOnly':
			return observation;
		case 'progressOnly':
			return { ...observation, progress: queued ? 0 : Math.min(99, Math.floor(100 * share)) };
		case 'progressJump':
			return { ...observation, progress: !queued && share >= task.jumpAt ? 100 : 0 };
		case 'waitConstant':
			return withWait(96);
		case 'waitZero':
			return withWait(0);
		case 'waitHalf':
			return withWait(Math.ceil(leftMs / 2000));
		case 'waitDouble':
			return withWait(Math.ceil((2 * leftMs) / 1000));
		case 'waitElapsed':
			return withWait(Math.floor(atMs / 1000));
		case 'exact':
		case 'noisy':
		case 'progressStuck': {
			const bend = hints === 'noisy' ? 0.8 : 1;
			const progress = queued || hints === 'progressStuck' ? 0 : Math.min(99, Math.floor(100 * share ** bend));
			const factor = hints === 'noisy' ? task.bias * task.noise() : 1;
			return {
				...withWait(Math.ceil((leftMs * factor) / 1000)),
				progress,
				...(queued ? { queuePosition: Math.max(1, Math.ceil((queueEndMs - atMs) / QUEUE_STEP_MS)) } : {}),
			};
		}
	}
}

export interface ScheduleResult {
	requests: number[];
	lagsMs: number[];
	durationsMs: number[];
	/** Tasks the schedule never saw finish within the maximum wait (should be none). */
	lost: number;
}

export interface ScheduleOptions {
	hints: HintModel;
	pollIntervalMs: number;
	maxWaitMs: number;
	seed: number;
}

/** One task at a time, each on its own: nothing is learned from other tasks. */
export function simulateSchedule(durationsMs: number[], options: ScheduleOptions): ScheduleResult {
	return simulateBatches([...durationsMs.map((durationMs) => [durationMs])], options);
}

/** The tasks of a simulated batch are one capability's, created together: each is a batch-mate of the others. */
const SIMULATED_MEMBER: BatchMember = { capabilityId: 'simulated', createdAt: 0 };

/**
 * Batches of tasks created together, as one Create and Wait run with many items: each task's schedule is fed the
 * tasks of its batch that have finished so far (when the node saw them end), as the node does; when one is seen
 * finished, its sleeping batch-mates' next queries are re-planned (only ever sooner), as the node does.
 */
export function simulateBatches(batches: number[][], options: ScheduleOptions): ScheduleResult {
	const random = seededRandom(options.seed);
	const result: ScheduleResult = { requests: [], lagsMs: [], durationsMs: [], lost: 0 };
	for (const durations of batches) {
		const finished: FinishedSpan[] = [];
		const watches = durations.map((durationMs, rank) => ({
			rank,
			task: newTask(durationMs, random),
			member: SIMULATED_MEMBER,
			observations: [] as TaskObservation[],
			requests: 0,
			plannedAtMs: 0,
			dueMs: 0,
			done: false,
		}));
		type Watch = (typeof watches)[number];
		const scheduleInput = (watch: Watch, nowMs: number): PollScheduleInput => ({
			elapsedMs: nowMs,
			pollIntervalMs: options.pollIntervalMs,
			maxWaitMs: options.maxWaitMs,
			observations: watch.observations,
			finished,
			running: watches
				.filter((other) => other !== watch && !other.done)
				.map((other) => other.observations[other.observations.length - 1]?.atMs ?? 0),
			random,
			// As the engine: blind checks spread out among the batch-mates still running (all made at 0 here).
			batchPlace: watches.some((other) => other !== watch && !other.done && isBatchMate(watch.member, other.member))
				? { rank: watch.rank, batchClockMs: nowMs }
				: undefined,
		});
		const plan = (watch: Watch, nowMs: number): boolean => {
			const delayMs = nextPollDelayMs(scheduleInput(watch, nowMs));
			if (delayMs <= 0) {
				result.lost += 1;
				watch.done = true;
				return false;
			}
			watch.plannedAtMs = nowMs;
			watch.dueMs = nowMs + delayMs;
			return true;
		};
		const replanMates = (done: Watch, nowMs: number) => {
			for (const mate of watches) {
				if (mate === done || mate.done || !isBatchMate(done.member, mate.member)) continue;
				const delayMs = replannedDelayMs(scheduleInput(mate, nowMs), {
					plannedAtMs: mate.plannedAtMs,
					dueAtMs: mate.dueMs,
				});
				if (delayMs !== undefined) mate.dueMs = nowMs + delayMs;
			}
		};
		for (const watch of watches) plan(watch, 0);
		for (;;) {
			let next: Watch | undefined;
			for (const watch of watches) if (!watch.done && (!next || watch.dueMs < next.dueMs)) next = watch;
			if (!next) break;
			const nowMs = next.dueMs;
			next.requests += 1;
			if (nowMs >= next.task.durationMs) {
				next.done = true;
				result.requests.push(next.requests);
				result.lagsMs.push(nowMs - next.task.durationMs);
				result.durationsMs.push(next.task.durationMs);
				const lastRunning = next.observations[next.observations.length - 1];
				finished.push({ ranAtLeastMs: lastRunning?.atMs ?? 0, endedByMs: nowMs });
				replanMates(next, nowMs);
				continue;
			}
			next.observations.push(observe(next.task, nowMs, options.hints));
			plan(next, nowMs);
		}
	}
	return result;
}

export function simulateFixed(durationsMs: number[], intervalMs: number): ScheduleResult {
	const result: ScheduleResult = { requests: [], lagsMs: [], durationsMs: [], lost: 0 };
	for (const durationMs of durationsMs) {
		const { detectedAtMs, requests } = fixedIntervalDetection(durationMs, intervalMs);
		result.requests.push(requests);
		result.lagsMs.push(detectedAtMs - durationMs);
		result.durationsMs.push(durationMs);
	}
	return result;
}

export interface ScheduleSummary {
	requestsPerTask: number;
	/** Requests per task among tasks of 50-70 s ("about a minute"). */
	requestsPerMinuteTask: number;
	meanLagS: number;
	p95LagS: number;
	maxLagS: number;
	lost: number;
}

export function summarise(result: ScheduleResult): ScheduleSummary {
	const minuteTasks = result.requests.filter(
		(_, index) => result.durationsMs[index] >= 50_000 && result.durationsMs[index] <= 70_000,
	);
	return {
		requestsPerTask: mean(result.requests),
		requestsPerMinuteTask: mean(minuteTasks),
		meanLagS: mean(result.lagsMs) / 1000,
		p95LagS: percentile(result.lagsMs, 0.95) / 1000,
		maxLagS: Math.max(...result.lagsMs) / 1000,
		lost: result.lost,
	};
}

/** The fixed intervals that do at least as well on both counts (requests per task and mean lag). */
export function beatenBy(
	node: ScheduleSummary,
	fixed: Array<{ intervalS: number; summary: ScheduleSummary }>,
): number[] {
	return fixed
		.filter(({ summary }) => summary.requestsPerTask <= node.requestsPerTask && summary.meanLagS <= node.meanLagS)
		.map(({ intervalS }) => intervalS);
}
