/**
 * npm run bench                 the real node through n8n-core's engine against the fake API (about 80 s):
 *                               20 items of 45-75 s (uniform, seeded) with the node's default options, plus the fault
 *                               matrix (429, 502, reset, slow answer, each at 1 in 3 status queries) run alongside;
 *                               compared with today's nodes (items one after another, fixed 10 s interval), simulated
 *                               on the same durations. Last line: the JSON summary.
 * npm run bench -- --schedule   the polling schedule alone on a simulated clock: 2000 tasks of 30 s - 5 min
 *                               (log-uniform), requests per task and detection lag vs fixed 3 s / 5 s / 10 s.
 * npm run bench -- --smoke      a short run of both (CI: shows the path works; not a timed assertion).
 */
import { DEFAULT_MAX_WAIT_MINUTES, DEFAULT_POLL_INTERVAL_SECONDS } from '../../nodes/Tomoviee/descriptions/optionsCollection';
import type { FaultRule } from '../fake-tomoviee';
import { engineRun, type EngineRunResult } from './engineRun';
import { simulateFixed, simulateSchedule, summarise, type HintModel } from './scheduleSimulation';
import { logUniformDurations, round, sequentialBaseline, table, uniformDurations } from './taskModel';

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

async function engineBench(smoke: boolean): Promise<void> {
	const items = smoke ? 4 : 20;
	const durations = smoke ? uniformDurations(items, 2000, 4000, 11) : uniformDurations(items, 45_000, 75_000, 11);
	const faultItems = smoke ? 3 : 6;
	const faultDurations = smoke ? uniformDurations(faultItems, 2000, 4000, 12) : uniformDurations(faultItems, 20_000, 45_000, 12);
	// Slower than the node's 10 s query timeout: the answer never comes, the query times out and is retried.
	const slowDelayMs = smoke ? 3000 : 12_000;

	console.log(
		`Engine bench: ${items} items, durations ${smoke ? '2-4 s' : '45-75 s'} uniform (seed 11), node defaults ` +
			`(poll interval ${DEFAULT_POLL_INTERVAL_SECONDS} s ceiling, max wait ${DEFAULT_MAX_WAIT_MINUTES} min); ` +
			`fault matrix: ${faultItems} items each, ${smoke ? '2-4 s' : '20-45 s'}, run alongside.`,
	);
	const runs = await Promise.all([
		engineRun({ label: 'adaptive, no faults', durationsMs: durations }),
		...faultMatrix(slowDelayMs).map((fault) => engineRun({ ...fault, durationsMs: faultDurations })),
	]);
	const [main] = runs;
	const baseline = sequentialBaseline(durations, BASELINE_INTERVAL_MS);
	const idealS = main.idealMs / 1000;

	console.log('');
	console.log(
		table(
			['run', 'items', 'ok', 'lost', 'dup creates', 'wall s', 'ideal s', 'wall/ideal', 'status req/task', 'faulted', 'mean lag s', 'max lag s', 'peak in flight'],
			[
				...runs.map((run) => row(run)),
				[
					`baseline: sequential, fixed ${BASELINE_INTERVAL_MS / 1000} s (simulated)`,
					items,
					items,
					0,
					0,
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
	const problems = runs.filter((run) => run.lost > 0 || run.duplicateCreates !== 0 || run.succeeded !== run.items || !run.orderKept);
	console.log('');
	console.log(
		problems.length === 0
			? 'Every run: every task succeeded, none lost, no duplicate create, output in input order.'
			: `PROBLEMS in: ${problems.map((run) => `${run.label} (${run.error ?? run.executionStatus})`).join('; ')}`,
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

function scheduleBench(smoke: boolean): void {
	const count = smoke ? 200 : 2000;
	const durations = logUniformDurations(count, 30_000, 300_000, 7);
	const maxWaitMs = DEFAULT_MAX_WAIT_MINUTES * 60_000;
	console.log(
		`Schedule alone, simulated clock: ${count} tasks, durations 30 s - 5 min log-uniform (seed 7), first 20 % queued, ` +
			'no learning between tasks (prior 90 s). Hint models: exact = the fake (wait_time = seconds left); ' +
			'noisy = wait_time off by a per-task bias (sigma 0.25) and noise (0.1), progress not linear; ' +
			'progressOnly = no wait_time/position; statusOnly = nothing but the status.',
	);
	const rows: Array<Array<string | number>> = [];
	const summaries: Record<string, ReturnType<typeof summarise>> = {};
	const add = (label: string, summary: ReturnType<typeof summarise>) => {
		summaries[label] = summary;
		rows.push([
			label,
			round(summary.requestsPerTask),
			round(summary.requestsPerMinuteTask),
			round(summary.meanLagS),
			round(summary.p95LagS),
			round(summary.maxLagS),
			summary.lost,
		]);
	};
	const hintModels: HintModel[] = ['exact', 'noisy', 'progressOnly', 'statusOnly'];
	for (const hints of hintModels) {
		for (const ceilingS of [DEFAULT_POLL_INTERVAL_SECONDS, 10]) {
			const result = simulateSchedule(durations, { hints, pollIntervalMs: ceilingS * 1000, maxWaitMs, seed: 3 });
			add(`adaptive, ${hints}, ceiling ${ceilingS} s`, summarise(result));
		}
	}
	for (const intervalS of [3, 5, 10]) add(`fixed ${intervalS} s`, summarise(simulateFixed(durations, intervalS * 1000)));
	console.log('');
	console.log(
		table(['schedule', 'req/task', 'req/task (50-70 s tasks)', 'mean lag s', 'p95 lag s', 'max lag s', 'lost'], rows),
	);
	const pick = (label: string) => ({
		requests_per_task: round(summaries[label].requestsPerTask),
		requests_per_minute_task: round(summaries[label].requestsPerMinuteTask),
		mean_detection_lag_s: round(summaries[label].meanLagS),
	});
	console.log('');
	console.log(
		JSON.stringify({
			tasks: count,
			adaptive_exact: pick(`adaptive, exact, ceiling ${DEFAULT_POLL_INTERVAL_SECONDS} s`),
			adaptive_noisy: pick(`adaptive, noisy, ceiling ${DEFAULT_POLL_INTERVAL_SECONDS} s`),
			fixed_3s: pick('fixed 3 s'),
			fixed_5s: pick('fixed 5 s'),
			fixed_10s: pick('fixed 10 s'),
		}),
	);
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
