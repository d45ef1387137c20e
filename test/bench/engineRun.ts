/**
 * One Create and Wait run of the real node through n8n-core's engine (test/harness) against the fake API, measured
 * at the fake: when each task really ended, when the node's query first saw it final, how many queries it cost.
 */
import type { INodeParameters } from 'n8n-workflow';

import {
	startFakeTomoviee,
	tomovieeCredentialFor,
	type FakeTomoviee,
	type FakeTomovieeSwitches,
	type FaultRule,
} from '../fake-tomoviee';
import { runNodeWorkflow } from '../harness';
import { mean } from './taskModel';

export interface EngineRunSpec {
	label: string;
	durationsMs: number[];
	faults?: FaultRule[];
	/** Fake switches for the run, e.g. status-only answers or an account limit on tasks at once. */
	fake?: Partial<Pick<FakeTomovieeSwitches, 'hints' | 'maxConcurrentTasks'>>;
	/** The best possible wall time when it is not the slowest task's (e.g. rounds of tasks under an account limit). */
	idealMs?: number;
	/** Node options (defaults apply for the rest). */
	options?: INodeParameters;
}

export interface EngineRunResult {
	label: string;
	items: number;
	wallMs: number;
	idealMs: number;
	succeeded: number;
	/** Items whose output is neither a succeeded task nor an error naming its task. */
	lost: number;
	/** Tasks created beyond one per item. */
	duplicateCreates: number;
	/** Creates the fake refused at the account's limit on tasks at once, in all and at most for one item. */
	refusedCreates: number;
	maxRefusalsPerItem: number;
	statusRequests: number;
	faultedRequests: number;
	meanLagMs: number;
	maxLagMs: number;
	/** Most tasks in flight at once, as the fake saw them. */
	peakInFlight: number;
	orderKept: boolean;
	executionStatus: string;
	error?: string;
}

export async function engineRun(spec: EngineRunSpec): Promise<EngineRunResult> {
	const durations = [...spec.durationsMs];
	const fake = await startFakeTomoviee({ durationSampler: () => durations.shift() ?? 60_000 });
	try {
		if (spec.faults) fake.configure({ faults: spec.faults });
		if (spec.fake) fake.configure(spec.fake);
		const started = Date.now();
		const result = await runNodeWorkflow({
			node: {
				parameters: {
					operation: 'createAndWait',
					prompt: '={{ $json.prompt }}',
					imageUrl: '={{ $json.imageUrl }}',
					options: spec.options ?? {},
				},
				continueOnFail: true,
			},
			items: spec.durationsMs.map((_, index) => ({
				prompt: `bench item ${index}: the camera slowly pushes in`,
				imageUrl: `https://example.com/bench/${index}.png`,
			})),
			credentials: { tomovieeApi: tomovieeCredentialFor(fake) },
		});
		const wallMs = Date.now() - started;
		return measure(spec, fake, result.output, wallMs, result.executionStatus, result.error?.message);
	} finally {
		await fake.close();
	}
}

function measure(
	spec: EngineRunSpec,
	fake: FakeTomoviee,
	output: Array<{ json: Record<string, unknown>; pairedItem?: unknown }>,
	wallMs: number,
	executionStatus: string,
	error: string | undefined,
): EngineRunResult {
	const tasks = fake.tasks();
	const queries = fake.requests({ route: 'query' });
	const lags: number[] = [];
	for (const task of tasks) {
		const endedAt = task.createdAtMs + task.queueMs + task.processingMs;
		const seenFinal = queries.find((query) => query.taskId === task.taskId && !query.fault && query.timeMs >= endedAt);
		if (seenFinal) lags.push(seenFinal.timeMs - endedAt);
	}
	const taskIds = new Set(tasks.map((task) => task.taskId));
	const itemOf = (prompt: unknown) => String(prompt);
	const tasksPerItem = countBy(tasks.map((task) => itemOf(task.request.prompt)));
	const refused = fake.requests({ route: 'create' }).filter((create) => create.refused);
	const refusalsPerItem = countBy(refused.map((create) => itemOf((create.body as { prompt?: unknown }).prompt)));
	const succeeded = output.filter((item) => item.json.status === 'succeeded' && taskIds.has(String(item.json.taskId)));
	const accounted = output.filter((item) => item.json.status === 'succeeded' || typeof item.json.taskId === 'string');
	const orderKept = output.every((item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index);
	return {
		label: spec.label,
		items: spec.durationsMs.length,
		wallMs,
		idealMs: spec.idealMs ?? Math.max(...tasks.map((task) => task.queueMs + task.processingMs)),
		succeeded: succeeded.length,
		lost: spec.durationsMs.length - accounted.length,
		duplicateCreates: [...tasksPerItem.values()].reduce((sum, count) => sum + count - 1, 0),
		refusedCreates: refused.length,
		maxRefusalsPerItem: Math.max(0, ...refusalsPerItem.values()),
		statusRequests: queries.length,
		faultedRequests: queries.filter((query) => query.fault).length,
		meanLagMs: mean(lags),
		maxLagMs: Math.max(...lags),
		peakInFlight: peakInFlight(tasks, queries),
		orderKept: orderKept && output.length === spec.durationsMs.length,
		executionStatus,
		error,
	};
}

function countBy(keys: string[]): Map<string, number> {
	const counts = new Map<string, number>();
	for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
	return counts;
}

/** A task is in flight from its creation until the query that saw it final. */
function peakInFlight(
	tasks: Array<{ taskId: string; createdAtMs: number; queueMs: number; processingMs: number }>,
	queries: Array<{ taskId?: string; timeMs: number; fault?: string }>,
): number {
	const events: Array<[number, number]> = [];
	for (const task of tasks) {
		const endedAt = task.createdAtMs + task.queueMs + task.processingMs;
		const seen = queries.find((query) => query.taskId === task.taskId && !query.fault && query.timeMs >= endedAt);
		events.push([task.createdAtMs, 1], [seen?.timeMs ?? Number.MAX_SAFE_INTEGER, -1]);
	}
	events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
	let current = 0;
	let peak = 0;
	for (const [, change] of events) {
		current += change;
		peak = Math.max(peak, current);
	}
	return peak;
}
