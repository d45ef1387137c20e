/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * npm run bench                 the real node through n8n-core's engine against the fake API (about 4 minutes):
 *                               20 items of 45-75 s (uniform, seeded) with the node's default options, once with the
 *                               fake's hints and once status only; the fault matrix (429, 502, reset, slow answer, each
 *                               at 1 in 3 status queries); and the plan limit (an account running at most 3 tasks at
 *                               once, 12 items of 60 s), all run alongside; compared with today's nodes (items one
 *                               after another, fixed 10 s interval), simulated on the same durations. Last line: the
 *                               JSON summary.
 * npm run bench -- --schedule   the polling schedule alone on a simulated clock: 2000 tasks of 30 s - 5 min
 *                               (log-uniform) on their own and 100 batches of 20 that learn from each other, for each
 *                               hint model a real API may follow, against fixed 3/5/10/15/20/30 s intervals.
 * npm run bench -- --smoke      a short run of both (CI: shows the path works; not a timed assertion).
 */
import { DEFAULT_MAX_WAIT_MINUTES, DEFAULT_POLL_INTERVAL_SECONDS } from '../../nodes/Tomoviee/parameters/defaults';
import type { FaultRule } from '../fake-tomoviee';
import { engineRun, type EngineRunResult } from './engineRun';
import {
	HINT_MODELS,
	beatenBy,
	simulateBatches,
	simulateFixed,
	simulateSchedule,
	summarise,
	type HintModel,
	type ScheduleSummary,
} from './scheduleSimulation';
import { batchDurations, logUniformDurations, round, sequentialBaseline, table, uniformDurations } from './taskModel';

const BASELINE_INTERVAL_MS = 10_000;

function faultMatrix(slowDelayMs: number): Array<{ label: string; faults: FaultRule[] }> {
	return [
		{ label: 'fault: 429 (Retry-After 1 s)', faults: [{ target: 'query', kind: 'http429', every: 3 }] },
		{ label: 'fault: 502 HTML', faults: [{ target: 'query', kind: 'http502', every: 3 }] },
		{ label: 'fault: connection reset', faults: [{ target: 'query', kind: 'reset', every: 3 }] },
		{
			label: `fault: slow answer (${slowDelayMs / 1000} s)`,
			faults: [{ target: 'query', kind: 'slow', every: 3, delayMs: slowDelayMs }],
		},
	];
}

/** A bar's verdict; a smoke run's figures are not targets. */
function verdict(smoke: boolean, met: boolean): string {
	if (smoke) return 'smoke run, not a target';
	return met ? 'bar met' : 'BAR NOT MET';
}

/** The plan-limit scenario: an account that runs at most this many tasks at once. */
const PLAN_LIMIT = 3;

async function engineBench(smoke: boolean): Promise<void> {
	const items = smoke ? 4 : 20;
	const durations = smoke ? uniformDurations(items, 2000, 4000, 11) : uniformDurations(items, 45_000, 75_000, 11);
	const faultItems = smoke ? 3 : 6;
	const faultDurations = smoke
		? uniformDurations(faultItems, 2000, 4000, 12)
		: uniformDurations(faultItems, 20_000, 45_000, 12);
	// Slower than the node's 10 s query timeout: the answer never comes, the query times out and is retried.
	const slowDelayMs = smoke ? 3000 : 12_000;
	const limitItems = smoke ? 6 : 12;
	const limitTaskMs = smoke ? 3000 : 60_000;
	const limitRounds = Math.ceil(limitItems / PLAN_LIMIT);

	console.log(
		`Engine bench: ${items} items, durations ${smoke ? '2-4 s' : '45-75 s'} uniform (seed 11), node defaults ` +
			`(poll interval ${DEFAULT_POLL_INTERVAL_SECONDS} s ceiling, max wait ${DEFAULT_MAX_WAIT_MINUTES} min), once with ` +
			`the fake's hints and once status only (no wait_time, no position, progress 0 until the end); fault matrix: ` +
			`${faultItems} items each, ${smoke ? '2-4 s' : '20-45 s'}; plan limit: an account running at most ${PLAN_LIMIT} ` +
			`tasks at once, ${limitItems} items of ${limitTaskMs / 1000} s (ideal: ${limitRounds} rounds). All run alongside.`,
	);
	const [main, statusOnly, planLimit, ...faultRuns] = await Promise.all([
		engineRun({ label: 'adaptive, no faults', durationsMs: durations }),
		engineRun({ label: 'adaptive, status only (no hints)', durationsMs: durations, fake: { hints: 'statusOnly' } }),
		engineRun({
			label: `plan limit: ${PLAN_LIMIT} tasks at once, ${limitItems} items`,
			durationsMs: Array(limitItems).fill(limitTaskMs),
			fake: { maxConcurrentTasks: PLAN_LIMIT },
			idealMs: limitRounds * limitTaskMs,
		}),
		...faultMatrix(slowDelayMs).map((fault) => engineRun({ ...fault, durationsMs: faultDurations })),
	]);
	const runs = [main, statusOnly, ...faultRuns, planLimit];
	const baseline = sequentialBaseline(durations, BASELINE_INTERVAL_MS);
	const idealS = main.idealMs / 1000;

	console.log('');
	console.log(
		table(
			[
				'run',
				'items',
				'ok',
				'lost',
				'dup creates',
				'refused creates (max/item)',
				'wall s',
				'ideal s',
				'wall/ideal',
				'status req/task',
				'faulted',
				'mean lag s',
				'max lag s',
				'peak in flight',
			],
			[
				...runs.map((run) => row(run)),
				[
					`baseline: sequential, fixed ${BASELINE_INTERVAL_MS / 1000} s (simulated)`,
					items,
					items,
					0,
					0,
					'',
					round(baseline.wallMs / 1000, 1),
					round(idealS, 1),
					round(baseline.wallMs / main.idealMs),
					round(baseline.requestsPerTask),
					0,
					round(baseline.meanLagMs / 1000),
					'',
					1,
				],
			],
		),
	);
	const problems = runs.filter(
		(run) => run.lost > 0 || run.duplicateCreates !== 0 || run.succeeded !== run.items || !run.orderKept,
	);
	console.log('');
	console.log(
		problems.length === 0
			? 'Every run: every task succeeded, none lost, no duplicate create, output in input order.'
			: `PROBLEMS in: ${problems.map((run) => `${run.label} (${run.error ?? run.executionStatus})`).join('; ')}`,
	);
	const statusRequests = statusOnly.statusRequests / statusOnly.items;
	const statusLagS = statusOnly.meanLagMs / 1000;
	console.log(
		`Status only: ${round(statusRequests)} status requests per task (fixed ${BASELINE_INTERVAL_MS / 1000} s on the same ` +
			`durations: ${round(baseline.requestsPerTask)}), mean lag ${round(statusLagS)} s (bar 5 s): ` +
			verdict(smoke, statusRequests <= baseline.requestsPerTask && statusLagS <= 5),
	);
	const limitRatio = planLimit.wallMs / planLimit.idealMs;
	console.log(
		`Plan limit: ${planLimit.succeeded}/${planLimit.items} succeeded, ${planLimit.duplicateCreates} created twice, ` +
			`${planLimit.refusedCreates} creates refused (at most ${planLimit.maxRefusalsPerItem} for one item), peak ` +
			`${planLimit.peakInFlight} in flight, wall ${round(limitRatio, 3)}x the ideal (bar 1.15): ` +
			verdict(smoke, planLimit.succeeded === planLimit.items && planLimit.duplicateCreates === 0 && limitRatio <= 1.15),
	);
	console.log('');
	console.log(
		JSON.stringify({
			items,
			wall_s: round(main.wallMs / 1000, 2),
			ideal_s: round(idealS, 2),
			wall_over_ideal: round(main.wallMs / main.idealMs, 3),
			baseline_wall_over_ideal: round(baseline.wallMs / main.idealMs, 2),
			status_requests_per_task: round(main.statusRequests / main.items, 2),
			mean_detection_lag_s: round(main.meanLagMs / 1000, 2),
			status_only_requests_per_task: round(statusRequests, 2),
			status_only_mean_detection_lag_s: round(statusLagS, 2),
			plan_limit_wall_over_ideal: round(limitRatio, 3),
			plan_limit_refused_creates: planLimit.refusedCreates,
			plan_limit_max_refusals_per_item: planLimit.maxRefusalsPerItem,
		}),
	);
	if (problems.length > 0) process.exitCode = 1;
}

function row(run: EngineRunResult): Array<string | number> {
	return [
		run.label,
		run.items,
		run.succeeded,
		run.lost,
		run.duplicateCreates,
		run.refusedCreates === 0 ? 0 : `${run.refusedCreates} (${run.maxRefusalsPerItem})`,
		round(run.wallMs / 1000, 1),
		round(run.idealMs / 1000, 1),
		round(run.wallMs / run.idealMs, 3),
		round(run.statusRequests / run.items),
		run.faultedRequests,
		round(run.meanLagMs / 1000),
		round(run.maxLagMs / 1000),
		run.peakInFlight,
	];
}

const FIXED_INTERVALS_S = [3, 5, 10, 15, 20, 30];
const SCHEDULE_HEADER = [
	'schedule',
	'req/task',
	'req/task (50-70 s tasks)',
	'mean lag s',
	'p95 lag s',
	'max lag s',
	'lost',
];

function summaryCells(label: string, summary: ScheduleSummary): Array<string | number> {
	return [
		label,
		round(summary.requestsPerTask),
		round(summary.requestsPerMinuteTask),
		round(summary.meanLagS),
		round(summary.p95LagS),
		round(summary.maxLagS),
		summary.lost,
	];
}

/** Every hint model with the given options, each compared with fixed intervals on the same durations. */
function modelTable(
	run: (hints: HintModel) => ScheduleSummary,
	fixed: Array<{ intervalS: number; summary: ScheduleSummary }>,
): {
	rows: Array<Array<string | number>>;
	summaries: Record<HintModel, ScheduleSummary>;
	beaten: Partial<Record<HintModel, number[]>>;
} {
	const rows: Array<Array<string | number>> = [];
	const summaries = {} as Record<HintModel, ScheduleSummary>;
	const beaten: Partial<Record<HintModel, number[]>> = {};
	for (const hints of Object.keys(HINT_MODELS) as HintModel[]) {
		const summary = run(hints);
		summaries[hints] = summary;
		const by = beatenBy(summary, fixed);
		if (by.length > 0) beaten[hints] = by;
		rows.push([
			...summaryCells(`adaptive, ${hints}`, summary),
			by.length === 0 ? 'none' : `BEATEN by ${by.map((s) => `${s} s`).join(', ')}`,
		]);
	}
	for (const { intervalS, summary } of fixed) rows.push([...summaryCells(`fixed ${intervalS} s`, summary), '']);
	return { rows, summaries, beaten };
}

function scheduleBench(smoke: boolean): void {
	const count = smoke ? 200 : 2000;
	const batchCount = smoke ? 10 : 100;
	const batchSize = 20;
	const durations = logUniformDurations(count, 30_000, 300_000, 7);
	const batches = batchDurations(batchCount, batchSize, 30_000, 300_000, 0.25, 9);
	const maxWaitMs = DEFAULT_MAX_WAIT_MINUTES * 60_000;
	const defaults = { pollIntervalMs: DEFAULT_POLL_INTERVAL_SECONDS * 1000, maxWaitMs, seed: 3 };
	const fixedOn = (values: number[]) =>
		FIXED_INTERVALS_S.map((intervalS) => ({ intervalS, summary: summarise(simulateFixed(values, intervalS * 1000)) }));
	const fixedAlone = fixedOn(durations);
	const fixedBatched = fixedOn(batches.flat());

	console.log(
		`Schedule alone, simulated clock, node defaults (poll interval ${DEFAULT_POLL_INTERVAL_SECONDS} s ceiling, max wait ` +
			`${DEFAULT_MAX_WAIT_MINUTES} min), first 20 % of each task queued. Hint models (what the API may put in its answers):`,
	);
	for (const [name, text] of Object.entries(HINT_MODELS)) console.log(`  ${name}: ${text}`);
	const beatenColumn = `beaten on both counts by fixed ${FIXED_INTERVALS_S.join('/')} s`;

	console.log('');
	console.log(
		`Tasks on their own: ${count} tasks of 30 s - 5 min (log-uniform, seed 7); nothing learned from other tasks.`,
	);
	const alone = modelTable((hints) => summarise(simulateSchedule(durations, { ...defaults, hints })), fixedAlone);
	console.log(table([...SCHEDULE_HEADER, beatenColumn], alone.rows));

	console.log('');
	console.log(
		`Batches: ${batchCount} runs of ${batchSize} items created together, each run's typical duration 30 s - 5 min ` +
			'(log-uniform), its tasks within ±25 % of it (seed 9); each schedule learns from the tasks of its run seen finished.',
	);
	const batched = modelTable((hints) => summarise(simulateBatches(batches, { ...defaults, hints })), fixedBatched);
	console.log(table([...SCHEDULE_HEADER, beatenColumn], batched.rows));

	console.log('');
	console.log('A lower ceiling (Poll Interval 10 s), tasks on their own:');
	const tenCeiling = modelTable(
		(hints) => summarise(simulateSchedule(durations, { ...defaults, pollIntervalMs: 10_000, hints })),
		fixedAlone,
	);
	console.log(table([...SCHEDULE_HEADER, beatenColumn], tenCeiling.rows.slice(0, Object.keys(HINT_MODELS).length)));

	const fixed10Alone = fixedAlone.find((fixed) => fixed.intervalS === 10)?.summary as ScheduleSummary;
	const fixed10Batched = fixedBatched.find((fixed) => fixed.intervalS === 10)?.summary as ScheduleSummary;
	const statusVerdict = (node: ScheduleSummary, fixed10: ScheduleSummary) =>
		`${round(node.requestsPerTask)} req/task (fixed 10 s: ${round(fixed10.requestsPerTask)}), mean lag ${round(node.meanLagS)} s ` +
		`(bar 5 s): ${verdict(smoke, node.requestsPerTask <= fixed10.requestsPerTask && node.meanLagS <= 5)}`;
	// The batch model's assumption (a run's tasks take about as long as each other) broken: durations independent.
	const unrelated = logUniformDurations(batchCount * batchSize, 30_000, 300_000, 21);
	const unrelatedBatches = Array.from({ length: batchCount }, (_, index) =>
		unrelated.slice(index * batchSize, (index + 1) * batchSize),
	);
	const unrelatedStatus = summarise(simulateBatches(unrelatedBatches, { ...defaults, hints: 'statusOnly' }));
	const fixedUnrelated = fixedOn(unrelated);
	const unrelatedBeaten = beatenBy(unrelatedStatus, fixedUnrelated);
	console.log('');
	console.log(`Status only, tasks on their own: ${statusVerdict(alone.summaries.statusOnly, fixed10Alone)}`);
	console.log(`Status only, in batches:         ${statusVerdict(batched.summaries.statusOnly, fixed10Batched)}`);
	const fixed10Unrelated = fixedUnrelated.find((fixed) => fixed.intervalS === 10)?.summary as ScheduleSummary;
	console.log(
		`Status only, batches of unrelated tasks (durations independent, 30 s - 5 min, seed 21; no bar): ` +
			`${round(unrelatedStatus.requestsPerTask)} req/task (fixed 10 s: ${round(fixed10Unrelated.requestsPerTask)}), ` +
			`mean lag ${round(unrelatedStatus.meanLagS)} s (fixed 10 s: ${round(fixed10Unrelated.meanLagS)}); beaten on both ` +
			`counts by: ${unrelatedBeaten.length === 0 ? 'none' : unrelatedBeaten.map((intervalS) => `${intervalS} s`).join(', ')}`,
	);
	const exact = alone.summaries.exact;
	console.log(
		`Good hints (exact), one-minute tasks: ${round(exact.requestsPerMinuteTask)} req/task (bar 4), mean lag ` +
			`${round(exact.meanLagS)} s (bar 1): ${verdict(smoke, exact.requestsPerMinuteTask <= 4 && exact.meanLagS <= 1)}`,
	);
	const beatenModels = [
		...Object.entries(alone.beaten).map(([model, by]) => `${model} on its own (by ${by.join('/')} s)`),
		...Object.entries(batched.beaten).map(([model, by]) => `${model} in batches (by ${by.join('/')} s)`),
		...(unrelatedBeaten.length > 0
			? [`statusOnly in batches of unrelated tasks (by ${unrelatedBeaten.join('/')} s)`]
			: []),
	];
	console.log(
		beatenModels.length === 0
			? 'Default options: no hint model is beaten by a fixed interval on both requests and mean lag.'
			: `BEATEN by a fixed interval: ${beatenModels.join('; ')}`,
	);

	const pick = (summary: ScheduleSummary) => ({
		requests_per_task: round(summary.requestsPerTask),
		requests_per_minute_task: round(summary.requestsPerMinuteTask),
		mean_detection_lag_s: round(summary.meanLagS),
	});
	console.log('');
	console.log(
		JSON.stringify({
			tasks: count,
			adaptive_exact: pick(alone.summaries.exact),
			adaptive_noisy: pick(alone.summaries.noisy),
			adaptive_status_only: pick(alone.summaries.statusOnly),
			adaptive_status_only_batches: pick(batched.summaries.statusOnly),
			adaptive_status_only_unrelated_batches: pick(unrelatedStatus),
			fixed_3s: pick(fixedAlone[0].summary),
			fixed_5s: pick(fixedAlone[1].summary),
			fixed_10s: pick(fixed10Alone),
			beaten_models: beatenModels,
		}),
	);
	if (beatenModels.length > 0 && !smoke) process.exitCode = 1;
}

async function main(): Promise<void> {
	const args = new Set(process.argv.slice(2));
	const smoke = args.has('--smoke');
	if (args.has('--schedule')) return scheduleBench(smoke);
	if (smoke) {
		scheduleBench(true);
		console.log('');
	}
	await engineBench(smoke);
}

main().catch((error: unknown) => {
	console.error(error);
	process.exitCode = 1;
});
