/**
 * The polling schedule alone, on a simulated clock: thousands of tasks in milliseconds of real time. Each task's
 * answers (status, progress, position, wait_time) come from a stated model; how good those hints are is a parameter,
 * because the real API's wait_time is undocumented.
 */
import { nextPollDelayMs, seededRandom, type TaskObservation } from '../../nodes/Tomoviee/domain/pollSchedule';
import { fixedIntervalDetection, mean, percentile } from './taskModel';

/** What the simulated API tells while a task runs. */
export type HintModel =
	/** As the fake: wait_time = seconds left (rounded up), linear progress, queue position moving. */
	| 'exact'
	/** wait_time off by a per-task bias (log-normal, sigma 0.25) and per-answer noise (sigma 0.1); progress not linear. */
	| 'noisy'
	/** progress only: no wait_time, no position. */
	| 'progressOnly'
	/** status only: progress stays 0 until the end, no wait_time, no position. */
	| 'statusOnly';

/** Share of a task's duration spent queued (as the fake's default 200:800 split). */
const QUEUE_SHARE = 0.2;
/** The queue moves one place per this long. */
const QUEUE_STEP_MS = 5000;

interface SimTask {
	durationMs: number;
	bias: number;
	noise: () => number;
}

function gaussian(random: () => number): number {
	// Box-Muller: enough for a bench's noise.
	return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

function observe(task: SimTask, atMs: number, hints: HintModel): TaskObservation {
	const queueEndMs = task.durationMs * QUEUE_SHARE;
	const queued = atMs < queueEndMs;
	const share = queued ? 0 : (atMs - queueEndMs) / (task.durationMs - queueEndMs);
	const observation: TaskObservation = {
		atMs,
		status: queued ? 'queued' : 'processing',
		progress: 0,
	};
	if (hints === 'statusOnly') return observation;
	const bend = hints === 'noisy' ? 0.8 : 1;
	observation.progress = queued ? 0 : Math.min(99, Math.floor(100 * share ** bend));
	if (hints === 'progressOnly') return observation;
	if (queued) observation.queuePosition = Math.max(1, Math.ceil((queueEndMs - atMs) / QUEUE_STEP_MS));
	const leftMs = task.durationMs - atMs;
	const factor = hints === 'noisy' ? task.bias * task.noise() : 1;
	observation.estimatedWaitSeconds = Math.max(0, Math.ceil((leftMs * factor) / 1000));
	return observation;
}

export interface ScheduleResult {
	requests: number[];
	lagsMs: number[];
	durationsMs: number[];
	/** Tasks the schedule never saw finish within the maximum wait (should be none). */
	lost: number;
}

export function simulateSchedule(
	durationsMs: number[],
	options: { hints: HintModel; pollIntervalMs: number; maxWaitMs: number; seed: number; expectedDurationMs?: number },
): ScheduleResult {
	const random = seededRandom(options.seed);
	const result: ScheduleResult = { requests: [], lagsMs: [], durationsMs: [], lost: 0 };
	for (const durationMs of durationsMs) {
		const task: SimTask = {
			durationMs,
			bias: Math.exp(0.25 * gaussian(random)),
			noise: () => Math.exp(0.1 * gaussian(random)),
		};
		const observations: TaskObservation[] = [];
		let nowMs = 0;
		let requests = 0;
		for (;;) {
			const delayMs = nextPollDelayMs({
				elapsedMs: nowMs,
				pollIntervalMs: options.pollIntervalMs,
				maxWaitMs: options.maxWaitMs,
				observations,
				expectedDurationMs: options.expectedDurationMs,
				random,
			});
			if (delayMs <= 0) {
				result.lost += 1;
				break;
			}
			nowMs += delayMs;
			requests += 1;
			if (nowMs >= durationMs) {
				result.requests.push(requests);
				result.lagsMs.push(nowMs - durationMs);
				result.durationsMs.push(durationMs);
				break;
			}
			observations.push(observe(task, nowMs, options.hints));
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
	const minuteTasks = result.requests.filter((_, index) => result.durationsMs[index] >= 50_000 && result.durationsMs[index] <= 70_000);
	return {
		requestsPerTask: mean(result.requests),
		requestsPerMinuteTask: mean(minuteTasks),
		meanLagS: mean(result.lagsMs) / 1000,
		p95LagS: percentile(result.lagsMs, 0.95) / 1000,
		maxLagS: Math.max(...result.lagsMs) / 1000,
		lost: result.lost,
	};
}
