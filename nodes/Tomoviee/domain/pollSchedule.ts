/**
 * When to ask Tomoviee about a task again. Pure, so that tests and the benchmark can drive it with a simulated clock.
 *
 * The schedule keeps a belief about when the task will end: a probability distribution built from what is known.
 * Before anything is known that is the contract's "typically 1-5 minutes" (PRIOR). The tasks of the same batch sharpen
 * it: those finished tell how long such a task takes, and those still running tell that it takes at least that long
 * (twenty tasks all still running say the batch is slow). The task's own answers sharpen it most: `wait_time` read as
 * a clock whose pace is measured, the rate of `progress`, the movement of the queue `position`. Every answer that
 * says "still running" rules out an end before it, so the belief is always taken given that the task runs now.
 *
 * From that belief the next check is placed where it pays: the gap g is the shortest with
 * g × P(the task ends within g) = CHECK_VALUE_MS. Where an end is unlikely (early on, or well before a hinted end)
 * the gaps are long; where it is likely they shrink; a task that runs late sees them widen again as the belief
 * spreads. With a steady chance per second of ending, this is the gap that minimises requests plus lag, a request
 * being worth CHECK_VALUE_MS / 2 of detection lag. Checks that can only say "not yet" (no hint in the answers) are at
 * least BLIND_GAP_MS apart; when a hint makes the end sure to about a second the check is aimed just past it. The
 * first check comes within FIRST_CHECK_MS, to read the hints. Every delay lies within [POLL_FLOOR_MS, ceiling], the
 * ceiling being the user's poll interval, and never reaches past the maximum wait.
 */
import type { TaskStatus } from './taskView';

/** Shortest gap between two status queries of one task. */
export const POLL_FLOOR_MS = 1000;
/**
 * A check is made once gap × P(the task ends within the gap) reaches this: with a steady chance of ending, a request
 * is then worth half this much detection lag. Measured against fixed intervals by `npm run bench -- --schedule`.
 */
export const CHECK_VALUE_MS = 800;
/**
 * Without a hint a check can only say "not yet": such checks are at least this far apart. Where the batch makes an
 * end likely the rule above would check every few seconds to save a second of lag; this keeps the mean lag of
 * status-only polling near that of a fixed 7 s interval (3.5 s) at far fewer requests.
 */
export const BLIND_GAP_MS = 7000;
/** The first check comes this soon whatever the belief: it reads the hints (wait_time, progress) the rest relies on. */
export const FIRST_CHECK_MS = 5000;
/** How far past a sure end the landing query is aimed (covers the clock difference between Tomoviee and n8n). */
const LANDING_MARGIN_MS = 100;
/** An end known to within this is aimed at directly. */
const LANDING_DOUBT_MS = 1000;
/** Jitter only shortens a delay, by up to this share, so that tasks created together do not query in step. */
export const JITTER_SHARE = 0.1;

/**
 * What a task takes before anything is known, from creation to its end: the contract says "typically 1-5 minutes";
 * the core here is 30 s - 5 min (log-uniform: as likely 30-60 s as 2.5-5 min), with some weight on shorter tasks and
 * on tasks that run far longer (a busy queue). The long tail reaches a day so that its chance of ending keeps falling
 * over any wait a node may have. Each row: [from ms, to ms, share].
 */
export const PRIOR: ReadonlyArray<readonly [number, number, number]> = [
	[2_000, 30_000, 0.05],
	[30_000, 300_000, 0.85],
	[300_000, 86_400_000, 0.1],
];
/** Tasks of one batch differ from the batch's typical duration by about this much (log-scale spread). */
const BATCH_SPREAD = 0.15;
/** The share of tasks in a batch that do not follow it (another queue, another kind of image): they follow the prior. */
const DIFFERENT_TASK_SHARE = 0.1;
/** Share of the belief kept on the batch/prior when a hint gives an estimate: a hint can be wrong altogether. */
const HINT_DOUBT_SHARE = 0.1;

/** What one status answer said, at the time (ms since the task's creation) it was read. */
export interface TaskObservation {
	atMs: number;
	status: TaskStatus;
	progress: number;
	queuePosition?: number;
	estimatedWaitSeconds?: number;
}

/** A finished task of the same batch: it ended after the last answer that said running, and by the one that said final. */
export interface FinishedSpan {
	/** ms from its creation to its last answer that still said queued or processing (0 if none). */
	ranAtLeastMs: number;
	/** ms from its creation to the answer that saw it final. */
	endedByMs: number;
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
	/** Tasks of the same batch that succeeded already: they tell how long this one will likely take. */
	finished?: readonly FinishedSpan[];
	/** The other tasks of the batch still running: for each, how long (ms since its creation) it was seen running. */
	running?: readonly number[];
	/** Source of uniform numbers in [0, 1) for jitter (0: none). */
	random: () => number;
	/** Set when the task has batch-mates still running: its blind checks are spread out among theirs. */
	batchPlace?: BatchPlace;
}

/** Where a task stands in its batch: its rank in the batch's creation order, and the time on the batch's clock. */
export interface BatchPlace {
	rank: number;
	/** ms on a clock that every task of the batch shares (e.g. since the run began). */
	batchClockMs: number;
}

export interface CompletionEstimate {
	/** When the task is expected to end, in ms since its creation. */
	endAtMs: number;
	/** Relative doubt about the time to go, as it was when the estimate was made (0.05 = within 5 %). */
	doubt: number;
	/** The same doubt in ms: the end is expected within endAtMs ± doubtMs. */
	doubtMs: number;
	/** When the estimate was made (ms since creation): the time to go is counted from here. */
	basisAtMs: number;
}

/** Delay (ms) before the next status query; 0 once the deadline is reached. */
export function nextPollDelayMs(input: PollScheduleInput): number {
	const { elapsedMs, pollIntervalMs, maxWaitMs } = input;
	const untilDeadline = maxWaitMs - elapsedMs;
	if (untilDeadline <= 0) return 0;
	const ceiling = Math.max(pollIntervalMs, 1);
	// A poll interval shorter than the floor lowers the floor to it.
	const floor = Math.min(POLL_FLOOR_MS, ceiling);

	const plan = plannedDelay(input, floor, ceiling);
	const bounded = Math.min(ceiling, Math.max(floor, plan.delayMs));
	// A blind check among batch-mates goes on the task's own lattice: spread out among theirs, not jittered.
	if (plan.blind && input.batchPlace) {
		return Math.min(Math.ceil(onBatchLattice(bounded, input.batchPlace, { floor, ceiling })), ceiling, untilDeadline);
	}
	// A landing shot is aimed at a known end: shortening it would only cost one more query.
	const jittered = plan.landing ? bounded : Math.max(floor, bounded * (1 - JITTER_SHARE * input.random()));
	// Whole milliseconds (never below a whole-millisecond floor): sleeps and logs need no more.
	return Math.min(Math.max(Math.floor(jittered), Math.ceil(floor)), ceiling, untilDeadline);
}

/** The golden ratio's fractional part: k times it, modulo 1, spreads any number of ranks evenly over [0, 1). */
const GOLDEN_SHARE = (Math.sqrt(5) - 1) / 2;

/**
 * A blind check (no hint to aim at) of a task with batch-mates, moved later onto the task's lattice: points
 * BLIND_GAP_MS apart on the batch's clock, shifted by a phase that the rank spreads over the gap. Batch-mates tend to
 * end together and the first one seen done re-plans the others (replannedDelayMs), so checks spread out find the
 * batch's end within a fraction of the gap, where checks in step find it up to a whole gap late. Only ever later (by
 * less than the gap), unless that passes the longest gap: a task checks no more often than the schedule says.
 * (Moving to the nearest point instead was measured too: more checks for the same lag.)
 */
export function onBatchLattice(
	delayMs: number,
	place: BatchPlace,
	bounds: { floor: number; ceiling: number } = { floor: 0, ceiling: Infinity },
): number {
	// The lattice's step is the planned gap, in whole blind gaps: batch-mates plan the same gaps, so they share it.
	const stepMs = BLIND_GAP_MS * Math.max(1, Math.ceil(delayMs / BLIND_GAP_MS - 1e-9));
	const phaseMs = ((place.rank * GOLDEN_SHARE) % 1) * stepMs;
	const steps = Math.ceil((place.batchClockMs + delayMs - phaseMs) / stepMs - 1e-9);
	let moved = steps * stepMs + phaseMs - place.batchClockMs;
	// The longest gap (Poll Interval) holds: the latest point of the lattice within it, so that the phase is kept.
	while (moved > bounds.ceiling && moved - stepMs >= bounds.floor) moved -= stepMs;
	return moved;
}

/**
 * Tasks of one capability created at most this far apart are batch-mates: one run's creates go out together (every
 * parallel slot at once, each create answered within a second or two, a retried one within a few more), so their
 * tasks wait in the same queue under the same load and tend to end together. A task created later (when a slot freed
 * up) is at another point of its run; it learns from the finished spans at its next query like any other.
 */
export const BATCH_MATE_WINDOW_MS = 5000;

/** What the re-plan needs to know of a task of the batch. */
export interface BatchMember {
	capabilityId: string;
	/** When Tomoviee accepted the task (ms, any clock that all members share). */
	createdAt: number;
}

/** Whether `other` is a batch-mate of `finished`: the same capability, created within BATCH_MATE_WINDOW_MS of it. */
export function isBatchMate(finished: BatchMember, other: BatchMember): boolean {
	return (
		finished.capabilityId === other.capabilityId &&
		Math.abs(finished.createdAt - other.createdAt) <= BATCH_MATE_WINDOW_MS
	);
}

/** A sleeping task's pending query, in ms since the task's creation. */
export interface PendingQuery {
	/** When the sleep was planned: the task was last known running then (its last answer, or its creation). */
	plannedAtMs: number;
	/** When the query is due. */
	dueAtMs: number;
}

/**
 * When a batch-mate is found done, a sleeping task's next query is planned again from what is known now: the delay
 * the schedule gives at the moment the sleep was planned (the task was last known running then), with the batch's
 * new finished spans in `input`. Returns the delay from now (`input.elapsedMs`; 0 when that query is already due),
 * or undefined when the pending query is as soon or sooner: a re-plan never moves a query later. A task whose own
 * answers hint its end keeps its plan: it is aimed by that hint, where the batch weighs little (HINT_DOUBT_SHARE),
 * and re-planning it would only add queries.
 */
export function replannedDelayMs(input: PollScheduleInput, pending: PendingQuery): number | undefined {
	// Not on the lattice: the re-plan is aimed at what the finished mate taught, as soon as it is worth it.
	const then = { ...input, elapsedMs: pending.plannedAtMs, batchPlace: undefined };
	if (estimateCompletion(then)) return undefined;
	const dueAtMs = pending.plannedAtMs + nextPollDelayMs(then);
	if (!(dueAtMs < pending.dueAtMs)) return undefined;
	return Math.max(0, dueAtMs - input.elapsedMs);
}

/** A plan: its delay; `landing` when aimed at a known end, `blind` when no answer hints the end. */
interface Plan {
	delayMs: number;
	landing: boolean;
	blind: boolean;
}

function plannedDelay(input: PollScheduleInput, floor: number, ceiling: number): Plan {
	const { elapsedMs } = input;
	const base = baseKnowledge(input);
	if (!input.observations?.length) {
		const delayMs = Math.min(FIRST_CHECK_MS, gapFor(base.belief, elapsedMs, floor, ceiling));
		return { delayMs, landing: false, blind: false };
	}
	const hint = estimateCompletion(input, base);
	if (!hint) {
		return {
			delayMs: Math.max(BLIND_GAP_MS, gapFor(base.belief, elapsedMs, floor, ceiling)),
			landing: false,
			blind: true,
		};
	}
	const remaining = hint.endAtMs - elapsedMs;
	// Sure to about a second: go straight to just past the end.
	if (remaining > 0 && hint.doubtMs <= Math.max(floor, LANDING_DOUBT_MS)) {
		return { delayMs: remaining + LANDING_MARGIN_MS, landing: true, blind: false };
	}
	const belief: Belief = [
		{ weight: 1 - HINT_DOUBT_SHARE, cdf: hintCdf(hint) },
		{ weight: HINT_DOUBT_SHARE, cdf: mixtureCdf(base.belief) },
	];
	return { delayMs: gapFor(belief, elapsedMs, floor, ceiling), landing: false, blind: false };
}

/** A distribution of the task's end (ms since creation): a weighted mix of simple distributions. */
type Belief = ReadonlyArray<{ weight: number; cdf: (atMs: number) => number }>;

/** The shortest gap g (within [floor, ceiling]) with g × P(end within g | still running at t) >= CHECK_VALUE_MS. */
function gapFor(belief: Belief, atMs: number, floor: number, ceiling: number): number {
	const cdf = mixtureCdf(belief);
	const alive = 1 - cdf(atMs);
	// Past everything the belief allows: nothing is known, so the user's longest gap.
	if (alive <= 1e-12) return ceiling;
	const worth = (gap: number) => (gap * (cdf(atMs + gap) - cdf(atMs))) / alive;
	if (worth(ceiling) < CHECK_VALUE_MS) return ceiling;
	if (worth(floor) >= CHECK_VALUE_MS) return floor;
	let low = floor;
	let high = ceiling;
	while (high - low > 50) {
		const middle = (low + high) / 2;
		if (worth(middle) >= CHECK_VALUE_MS) high = middle;
		else low = middle;
	}
	return high;
}

function mixtureCdf(belief: Belief): (atMs: number) => number {
	const total = belief.reduce((sum, part) => sum + part.weight, 0);
	return (atMs) => belief.reduce((sum, part) => sum + part.weight * part.cdf(atMs), 0) / total;
}

const PRIOR_BELIEF: Belief = PRIOR.map(([from, to, share]) => ({ weight: share, cdf: logUniformCdf(from, to) }));
const priorCdf = mixtureCdf(PRIOR_BELIEF);

/** What is known without the task's own hints: its duration's distribution and a typical value of it. */
interface BaseKnowledge {
	belief: Belief;
	typicalMs: number;
	/** How far off typicalMs may be, relative (the prior's 30 s - 5 min: a factor of about 3 either way). */
	typicalDoubt: number;
}

/** How far the prior's median may be off a task's duration: its core spans a factor of 10. */
const PRIOR_TYPICAL_DOUBT = 1;

/** The contract's prior, sharpened by the batch's tasks when there are any. */
function baseKnowledge(input: PollScheduleInput): BaseKnowledge {
	const typical = batchTypicalDuration(input);
	if (!typical) return { belief: PRIOR_BELIEF, typicalMs: PRIOR_MEDIAN_MS, typicalDoubt: PRIOR_TYPICAL_DOUBT };
	const belief = [
		...typical.map((point) => ({
			weight: (1 - DIFFERENT_TASK_SHARE) * point.weight,
			cdf: logNormalCdf(point.typicalMs, BATCH_SPREAD),
		})),
		...PRIOR_BELIEF.map((part) => ({ weight: part.weight * DIFFERENT_TASK_SHARE, cdf: part.cdf })),
	];
	let below = 0;
	const median = typical.find((point) => (below += point.weight) >= 0.5) ?? typical[typical.length - 1];
	// Two log-scale spreads of the typical duration's own doubt and of a task's within the batch.
	const logSpread = Math.sqrt(
		typical.reduce((sum, point) => sum + point.weight * Math.log(point.typicalMs / median.typicalMs) ** 2, 0),
	);
	const typicalDoubt = Math.min(PRIOR_TYPICAL_DOUBT, 2 * Math.sqrt(logSpread ** 2 + BATCH_SPREAD ** 2));
	return { belief, typicalMs: median.typicalMs, typicalDoubt };
}

/** Typical durations from 1 s to a day, 10 % apart: the values a batch's typical duration may take. */
const TYPICAL_GRID_MS = Array.from({ length: 115 }, (_, index) => 1000 * Math.exp(index * 0.1));
/** The prior's weight of each grid point. */
const TYPICAL_PRIOR = TYPICAL_GRID_MS.map((typicalMs) => {
	const row = PRIOR.find(([from, to]) => typicalMs >= from && typicalMs < to);
	return row ? row[2] / Math.log(row[1] / row[0]) : 0;
});

/**
 * The batch's typical duration, as weights over TYPICAL_GRID_MS: each task of the batch is modelled as that typical
 * duration times its own factor (log-normal, BATCH_SPREAD), or, with DIFFERENT_TASK_SHARE, as a task that differs and
 * follows the prior alone. A finished task says its duration lay within its last gap; a task still running says its
 * duration is longer than it ran so far, so twenty tasks all still running tell that the batch is slow.
 */
function batchTypicalDuration(input: PollScheduleInput): Array<{ typicalMs: number; weight: number }> | undefined {
	const finished = (input.finished ?? []).filter((span) => Number.isFinite(span.endedByMs) && span.endedByMs > 0);
	const running = (input.running ?? []).filter((ranMs) => Number.isFinite(ranMs) && ranMs > 0);
	if (finished.length === 0 && running.length === 0) return undefined;
	// What a task that differs from the batch makes of each span: the same for every typical duration.
	const differentFinished = finished.map((span) => Math.max(priorCdf(span.endedByMs) - priorCdf(span.ranAtLeastMs), 0));
	const differentRunning = running.map((ranMs) => 1 - priorCdf(ranMs));
	const logWeights = TYPICAL_GRID_MS.map((typicalMs, index) => {
		if (TYPICAL_PRIOR[index] === 0) return -Infinity;
		const durationCdf = logNormalCdf(typicalMs, BATCH_SPREAD);
		let logWeight = Math.log(TYPICAL_PRIOR[index]);
		finished.forEach((span, spanIndex) => {
			const model = Math.max(durationCdf(span.endedByMs) - durationCdf(span.ranAtLeastMs), 0);
			logWeight += Math.log(
				(1 - DIFFERENT_TASK_SHARE) * model + DIFFERENT_TASK_SHARE * differentFinished[spanIndex] + 1e-300,
			);
		});
		running.forEach((ranMs, runningIndex) => {
			const model = 1 - durationCdf(ranMs);
			logWeight += Math.log(
				(1 - DIFFERENT_TASK_SHARE) * model + DIFFERENT_TASK_SHARE * differentRunning[runningIndex] + 1e-300,
			);
		});
		return logWeight;
	});
	const top = Math.max(...logWeights);
	const points = TYPICAL_GRID_MS.map((typicalMs, index) => ({ typicalMs, weight: Math.exp(logWeights[index] - top) }));
	const total = points.reduce((sum, point) => sum + point.weight, 0);
	return points
		.filter((point) => point.weight / total > 1e-6)
		.map((point) => ({ ...point, weight: point.weight / total }));
}

/**
 * The sharpest estimate of the task's end that its own answers give (wait_time, progress, queue position), or
 * undefined when they hint nothing and the schedule goes by the batch and the prior alone. `base` is what the batch
 * and the prior tell, computed from the input unless the caller has it already.
 */
export function estimateCompletion(
	input: PollScheduleInput,
	base: BaseKnowledge = baseKnowledge(input),
): CompletionEstimate | undefined {
	const observations = input.observations ?? [];
	const latest = observations[observations.length - 1];
	if (latest === undefined || !isRunning(latest)) return undefined;
	const candidates = [
		fromWaitTime(observations),
		fromProgressRate(observations),
		fromQueueRate(observations, base),
		fromProgressShare(observations, base),
	].filter((candidate): candidate is CompletionEstimate => candidate !== undefined);
	if (candidates.length === 0) return undefined;
	candidates.sort((a, b) => a.doubt - b.doubt);
	const best = candidates[0];
	// Sure to about a second (a wait_time clock read twice): a vaguer estimate does not move it.
	if (best.doubtMs <= LANDING_DOUBT_MS) return best;
	// A second good estimate that ends earlier wins: a late query costs detection lag, an early one only a request.
	const earlierGood = candidates.find((candidate) => candidate.doubt <= 0.3 && candidate.endAtMs < best.endAtMs);
	if (!earlierGood) return best;
	return { ...earlierGood, doubtMs: Math.max(earlierGood.doubtMs, best.doubtMs + best.endAtMs - earlierGood.endAtMs) };
}

/** The hint's estimate as a distribution: log-normal time to go from when it was made, its doubt as two spreads. */
function hintCdf(estimate: CompletionEstimate): (atMs: number) => number {
	const toGo = Math.max(estimate.endAtMs - estimate.basisAtMs, 1);
	const spread = Math.max(estimate.doubtMs / toGo / 2, 0.01);
	const timeToGo = logNormalCdf(toGo, spread);
	return (atMs) => timeToGo(atMs - estimate.basisAtMs);
}

/** An estimate made at basisAtMs with a relative doubt about the time then still to go. */
function estimate(endAtMs: number, doubt: number, basisAtMs: number): CompletionEstimate {
	return { endAtMs, doubt, doubtMs: doubt * Math.max(endAtMs - basisAtMs, 0), basisAtMs };
}

const isRunning = (observation: TaskObservation) =>
	observation.status === 'queued' || observation.status === 'processing';

/** Readings of wait_time used to measure its clock: the last few, so that a change of pace is followed. */
const WAIT_READINGS = 3;
/** A wait_time that falls slower than this per second of real time is not a countdown (constant, zero or growing). */
const MIN_WAIT_RATE = 0.3;
const MAX_WAIT_RATE = 4;

/**
 * `wait_time` read as a clock: its unit and meaning are undocumented, so one reading is taken as the seconds left
 * but doubted (it may be off by 2x either way); two or more measure the rate at which it counts down, and its end is
 * where it reaches zero. A wait_time that does not count down (constant, zero, growing) is no clock and is ignored.
 */
function fromWaitTime(observations: readonly TaskObservation[]): CompletionEstimate | undefined {
	const latest = observations[observations.length - 1];
	if (!isRunning(latest) || latest.estimatedWaitSeconds === undefined) return undefined;
	const readings = observations
		.filter((o) => isRunning(o) && o.estimatedWaitSeconds !== undefined)
		.slice(-WAIT_READINGS);
	const first = readings[0];
	const waitMs = (o: TaskObservation) => (o.estimatedWaitSeconds as number) * 1000;
	if (readings.length === 1 || latest.atMs - first.atMs < POLL_FLOOR_MS) {
		if (latest.estimatedWaitSeconds <= 0) return undefined;
		// About ×/÷ 2 at two spreads (log-scale 0.35 each): the doubt of a reading whose unit and meaning are unknown.
		return estimate(latest.atMs + waitMs(latest), 0.7, latest.atMs);
	}
	const rate = (waitMs(first) - waitMs(latest)) / (latest.atMs - first.atMs);
	if (!(rate >= MIN_WAIT_RATE && rate <= MAX_WAIT_RATE)) return undefined;
	// Seconds left, as rounded by the API (by up to a second): a rate that close to 1 is taken as exactly 1.
	const roundingRate = 1000 / (latest.atMs - first.atMs);
	if (Math.abs(rate - 1) <= roundingRate + 0.02) {
		// Each reading puts the end within the second before atMs + wait_time: together they narrow it down.
		const latestEnd = Math.min(...readings.map((o) => o.atMs + waitMs(o)));
		const earliestEnd = Math.max(...readings.map((o) => o.atMs + waitMs(o) - 1000));
		const toGo = Math.max(latestEnd - latest.atMs, 1);
		const doubtMs = earliestEnd <= latestEnd ? Math.max(latestEnd - earliestEnd, 100) : 1000 + earliestEnd - latestEnd;
		return { endAtMs: latestEnd, doubt: doubtMs / toGo, doubtMs, basisAtMs: latest.atMs };
	}
	const endOf = (o: TaskObservation) => o.atMs + waitMs(o) / rate;
	const endAtMs = endOf(latest);
	const disagreement = Math.max(...readings.map((o) => Math.abs(endOf(o) - endAtMs)));
	const toGo = Math.max(endAtMs - latest.atMs, 1);
	// A measured pace other than 1 rests on few readings: it keeps a doubt of its own until a later reading agrees.
	const paceDoubtMs = readings.length > 2 ? 0 : 0.15 * toGo;
	const doubtMs = Math.max(1000 / rate, disagreement, paceDoubtMs);
	return { endAtMs, doubt: doubtMs / toGo, doubtMs, basisAtMs: latest.atMs };
}

/** Progress measured twice while processing: the rate carries it to 100 %. Progress at 100 while running says nothing. */
function fromProgressRate(observations: readonly TaskObservation[]): CompletionEstimate | undefined {
	const processing = observations.filter((o) => o.status === 'processing');
	const first = processing[0];
	const last = processing[processing.length - 1];
	if (!first || !last || last !== observations[observations.length - 1] || last.progress >= 100) return undefined;
	const spanMs = last.atMs - first.atMs;
	const gained = last.progress - first.progress;
	if (spanMs < 1000 || gained <= 0) return undefined;
	const endAtMs = last.atMs + ((100 - last.progress) * spanMs) / gained;
	// Progress is rarely linear; the further along, the less the rest can surprise.
	const doubt = clamp(0.3 - (0.2 * last.progress) / 100, 0.1, 0.3);
	return estimate(endAtMs, doubt, last.atMs);
}

/** Queue position read twice: the pace of the queue tells when the task starts; then it takes the typical time. */
function fromQueueRate(observations: readonly TaskObservation[], base: BaseKnowledge): CompletionEstimate | undefined {
	const queued = observations.filter((o) => o.status === 'queued' && o.queuePosition !== undefined);
	const first = queued[0];
	const last = queued[queued.length - 1];
	if (!first || !last || last !== observations[observations.length - 1]) return undefined;
	const moved = (first.queuePosition as number) - (last.queuePosition as number);
	const spanMs = last.atMs - first.atMs;
	if (moved <= 0 || spanMs <= 0) return undefined;
	const startsInMs = ((last.queuePosition as number) * spanMs) / moved;
	return estimate(last.atMs + startsInMs + base.typicalMs, Math.max(0.4, base.typicalDoubt), last.atMs);
}

/**
 * One progress reading while processing. Progress began after the last answer that said queued (or at creation), so
 * at a steady pace the task ends by t + (t - that answer) × (100 - p) / p: the end lies between now and then. The
 * typical duration scaled to the share still to do is used when it falls within that range.
 */
function fromProgressShare(
	observations: readonly TaskObservation[],
	base: BaseKnowledge,
): CompletionEstimate | undefined {
	const latest = observations[observations.length - 1];
	if (latest.status !== 'processing' || latest.progress <= 0 || latest.progress >= 100) return undefined;
	const firstProcessing = observations.findIndex((o) => o.status === 'processing');
	const startedAfterMs = observations[firstProcessing - 1]?.atMs ?? 0;
	const first = observations[firstProcessing];
	// From the first progress reading: later readings of one pace are the rate estimate's business.
	const latestEndMs =
		first.atMs + ((first.atMs - startedAfterMs) * (100 - first.progress)) / Math.max(first.progress, 1);
	const scaledEndMs = latest.atMs + (base.typicalMs * (100 - latest.progress)) / 100;
	// As sure as the typical duration is: a guess from the prior alone yields to a wait_time reading.
	if (scaledEndMs <= latestEndMs) return estimate(scaledEndMs, Math.max(0.35, base.typicalDoubt), latest.atMs);
	if (latestEndMs <= latest.atMs) return undefined;
	// Anywhere between now and that bound: its middle, doubted by half the range (as much as the time to go).
	return estimate((latest.atMs + latestEndMs) / 2, 1, latest.atMs);
}

/** The median of PRIOR (where its cumulative share reaches one half). */
const PRIOR_MEDIAN_MS = (() => {
	let before = 0;
	for (const [from, to, share] of PRIOR) {
		if (before + share >= 0.5) return from * (to / from) ** ((0.5 - before) / share);
		before += share;
	}
	return PRIOR[PRIOR.length - 1][1];
})();

function logUniformCdf(fromMs: number, toMs: number): (atMs: number) => number {
	const span = Math.log(toMs / fromMs);
	return (atMs) => (atMs <= fromMs ? 0 : atMs >= toMs ? 1 : Math.log(atMs / fromMs) / span);
}

function logNormalCdf(medianMs: number, spread: number): (atMs: number) => number {
	return (atMs) => (atMs <= 0 ? 0 : normalCdf(Math.log(atMs / medianMs) / spread));
}

/** Standard normal distribution function (Abramowitz and Stegun 26.2.17, error below 1e-7). */
function normalCdf(z: number): number {
	const t = 1 / (1 + 0.2316419 * Math.abs(z));
	const density = 0.3989422804014327 * Math.exp((-z * z) / 2);
	const tail =
		density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
	return z >= 0 ? 1 - tail : tail;
}

function clamp(value: number, low: number, high: number): number {
	return Math.min(high, Math.max(low, value));
}
