/**
 * When to ask Tomoviee about a task again. Pure, so that tests and the benchmark can drive it with a simulated clock.
 *
 * The schedule estimates when the task will end (from `wait_time`, the rate of `progress`, the movement of the queue
 * `position`, or the duration other tasks took) together with how sure that estimate is. Far from the end it waits
 * most of the remaining time in one step; once the estimate's doubt is about a second it aims just past the end; when
 * the task runs late it backs off gradually. Every delay lies within [floor, ceiling], the ceiling being the user's
 * poll interval, and never reaches past the maximum wait.
 */
import type { TaskStatus } from './taskView';

/** Shortest gap between two status queries of one task. */
export const POLL_FLOOR_MS = 1000;
/** What a task is assumed to take before any has finished: the contract says 1-5 minutes, most near the short end. */
export const DEFAULT_EXPECTED_DURATION_MS = 90_000;
/** How far a task may stray from the expected duration (a 90 s guess covers 36 s to 144 s). */
const PRIOR_DOUBT = 0.6;
/** The first query comes after this share of the expected duration: it brings the hints the later ones rely on. */
const FIRST_POLL_SHARE = 0.05;
/** How far past the estimated end the landing query is aimed (the API rounds `wait_time` up, so this stays small). */
const LANDING_MARGIN_MS = 300;
/** Once the estimate is late, each gap grows by this share of the lateness: a stale estimate costs few requests. */
const OVERDUE_GROWTH = 0.2;
/** Jitter only shortens a delay, by up to this share, so that tasks created together do not query in step. */
export const JITTER_SHARE = 0.1;

/** What one status answer said, at the time (ms since the task's creation) it was read. */
export interface TaskObservation {
	atMs: number;
	status: TaskStatus;
	progress: number;
	queuePosition?: number;
	estimatedWaitSeconds?: number;
}

export interface PollScheduleInput {
	/** Milliseconds since the task was created. */
	elapsedMs: number;
	/** The user's poll interval (ms): the longest gap between two status queries. */
	pollIntervalMs: number;
	/** The user's maximum wait (ms), counted from creation. */
	maxWaitMs: number;
	/** The task's status answers so far, oldest first (the last few are enough). */
	observations?: readonly TaskObservation[];
	/** How long such a task takes, e.g. learned from finished tasks of the same batch. */
	expectedDurationMs?: number;
	/** Shortest gap; default POLL_FLOOR_MS (lowered to the ceiling if the user's interval is shorter). */
	floorMs?: number;
	/** Source of uniform numbers in [0, 1) for jitter; without it there is no jitter. */
	random?: () => number;
}

export type EstimateSource = 'waitTime' | 'progressRate' | 'queueRate' | 'progressShare' | 'expected';

export interface CompletionEstimate {
	/** When the task is expected to end, in ms since its creation. */
	endAtMs: number;
	/** Relative doubt about the time to go, as it was when the estimate was made (0.05 = within 5 %). */
	doubt: number;
	/** The same doubt in ms: the end is expected within endAtMs ± doubtMs. */
	doubtMs: number;
	source: EstimateSource;
}

/** Delay (ms) before the next status query; 0 once the deadline is reached. */
export function nextPollDelayMs(input: PollScheduleInput): number {
	const { elapsedMs, pollIntervalMs, maxWaitMs } = input;
	const untilDeadline = maxWaitMs - elapsedMs;
	if (untilDeadline <= 0) return 0;
	const ceiling = Math.max(pollIntervalMs, 1);
	const floor = Math.min(input.floorMs ?? POLL_FLOOR_MS, ceiling);

	const bounded = Math.min(ceiling, Math.max(floor, plannedDelayMs(input, floor)));
	const jittered = input.random ? Math.max(floor, bounded * (1 - JITTER_SHARE * input.random())) : bounded;
	return Math.min(jittered, untilDeadline);
}

function plannedDelayMs(input: PollScheduleInput, floor: number): number {
	const expected = expectedDurationOf(input);
	if (!input.observations?.length) return Math.max(floor, expected * FIRST_POLL_SHARE);

	const estimate = estimateCompletion(input);
	const remaining = estimate.endAtMs - input.elapsedMs;
	// Sure to about a second: go straight to just past the end.
	if (remaining > 0 && estimate.doubtMs <= Math.max(floor, 1000)) return remaining + LANDING_MARGIN_MS;
	// Far from the earliest plausible end: come back then.
	const earliestEnd = estimate.endAtMs - estimate.doubtMs;
	if (input.elapsedMs < earliestEnd) return earliestEnd - input.elapsedMs;
	// The end may come any moment (or is late): start at the floor and widen the gaps gradually.
	return floor + OVERDUE_GROWTH * (input.elapsedMs - earliestEnd);
}

function expectedDurationOf(input: PollScheduleInput): number {
	const expected = input.expectedDurationMs;
	return expected !== undefined && Number.isFinite(expected) && expected > 0 ? expected : DEFAULT_EXPECTED_DURATION_MS;
}

/** The best guess of the task's end from its answers so far (or the expected duration when there are none). */
export function estimateCompletion(input: PollScheduleInput): CompletionEstimate {
	const observations = input.observations ?? [];
	const expected = expectedDurationOf(input);
	const latest = observations[observations.length - 1];
	if (latest === undefined) return estimate(expected, PRIOR_DOUBT, 0, 'expected');

	const candidates = [
		fromWaitTime(observations),
		fromProgressRate(observations),
		fromQueueRate(observations, expected),
		fromProgressShare(latest, expected),
	].filter((candidate): candidate is CompletionEstimate => candidate !== undefined);
	if (candidates.length === 0) {
		// Nothing but the status: a queued task has all its work ahead, a running one is judged by the expected total.
		return latest.status === 'queued'
			? estimate(latest.atMs + expected, PRIOR_DOUBT, latest.atMs, 'expected')
			: estimate(expected, PRIOR_DOUBT, 0, 'expected');
	}
	candidates.sort((a, b) => a.doubt - b.doubt);
	const best = candidates[0];
	// A second good estimate that ends earlier wins: a late query costs detection lag, an early one only a request.
	const earlierGood = candidates.find((candidate) => candidate.doubt <= 0.3 && candidate.endAtMs < best.endAtMs);
	if (!earlierGood) return best;
	return { ...earlierGood, doubtMs: Math.max(earlierGood.doubtMs, best.doubtMs + best.endAtMs - earlierGood.endAtMs) };
}

/** An estimate made at basisAtMs: its doubt covers the time that was then still to go. */
function estimate(endAtMs: number, doubt: number, basisAtMs: number, source: EstimateSource): CompletionEstimate {
	return { endAtMs, doubt, doubtMs: doubt * Math.max(endAtMs - basisAtMs, 0), source };
}

const isRunning = (observation: TaskObservation) =>
	observation.status === 'queued' || observation.status === 'processing';

/** `wait_time` read as the seconds still to go; two readings that agree make it trustworthy. */
function fromWaitTime(observations: readonly TaskObservation[]): CompletionEstimate | undefined {
	const withWait = observations.filter((o) => isRunning(o) && o.estimatedWaitSeconds !== undefined);
	const latest = withWait[withWait.length - 1];
	if (latest === undefined || latest !== observations[observations.length - 1]) return undefined;
	const endAtMs = latest.atMs + (latest.estimatedWaitSeconds as number) * 1000;
	const previous = withWait[withWait.length - 2];
	// One reading could be far off (the unit and meaning of wait_time are undocumented).
	if (previous === undefined) return estimate(endAtMs, 0.3, latest.atMs, 'waitTime');
	// A wait_time that grows as time passes is not the time left (perhaps the time waited so far): not a clock to use.
	if ((latest.estimatedWaitSeconds as number) > (previous.estimatedWaitSeconds as number)) return undefined;
	const previousEnd = previous.atMs + (previous.estimatedWaitSeconds as number) * 1000;
	const toGoAtPrevious = Math.max(previousEnd - previous.atMs, 1000);
	const disagreement = Math.abs(endAtMs - previousEnd) / toGoAtPrevious;
	return estimate(endAtMs, clamp(disagreement, 0.05, 0.5), latest.atMs, 'waitTime');
}

/** Progress measured twice while processing: the rate carries it to 100 %. */
function fromProgressRate(observations: readonly TaskObservation[]): CompletionEstimate | undefined {
	const processing = observations.filter((o) => o.status === 'processing');
	const first = processing[0];
	const last = processing[processing.length - 1];
	if (!first || !last || last !== observations[observations.length - 1]) return undefined;
	const spanMs = last.atMs - first.atMs;
	const gained = last.progress - first.progress;
	if (spanMs < 1000 || gained <= 0) return undefined;
	const endAtMs = last.atMs + ((100 - last.progress) * spanMs) / gained;
	// Progress is rarely linear; the further along, the less the rest can surprise.
	const doubt = clamp(0.3 - (0.2 * last.progress) / 100, 0.1, 0.3);
	return estimate(endAtMs, doubt, last.atMs, 'progressRate');
}

/** Queue position read twice: the pace of the queue tells when the task starts; then it takes the expected time. */
function fromQueueRate(observations: readonly TaskObservation[], expected: number): CompletionEstimate | undefined {
	const queued = observations.filter((o) => o.status === 'queued' && o.queuePosition !== undefined);
	const first = queued[0];
	const last = queued[queued.length - 1];
	if (!first || !last || last !== observations[observations.length - 1]) return undefined;
	const moved = (first.queuePosition as number) - (last.queuePosition as number);
	const spanMs = last.atMs - first.atMs;
	if (moved <= 0 || spanMs <= 0) return undefined;
	const startsInMs = ((last.queuePosition as number) * spanMs) / moved;
	return estimate(last.atMs + startsInMs + expected, 0.4, last.atMs, 'queueRate');
}

/** One progress reading: the expected duration scaled to the share still to do. */
function fromProgressShare(latest: TaskObservation, expected: number): CompletionEstimate | undefined {
	if (latest.status !== 'processing' || latest.progress <= 0 || latest.progress >= 100) return undefined;
	return estimate(latest.atMs + (expected * (100 - latest.progress)) / 100, 0.35, latest.atMs, 'progressShare');
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}

/** A small seedable generator (mulberry32): the same seed gives the same jitter, for tests and the benchmark. */
export function seededRandom(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
