/**
 * One Create and Wait run of the real node through n8n-core's engine (test/harness) against the fake API, measured
 * at the fake: when each task really ended, when the node's query first saw it final, how many queries it cost.
 */
import type { INodeParameters } from 'n8n-workflow';

import { startFakeTomoviee, tomovieeCredentialFor, type FakeTomoviee, type FaultRule } from '../fake-tomoviee';
import { runNodeWorkflow } from '../harness';
import { mean } from './taskModel';

export interface EngineRunSpec {
	label: string;
	durationsMs: number[];
	faults?: FaultRule[];
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
	duplicateCreates: number;
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
	const succeeded = output.filter((item) => item.json.status === 'succeeded' && taskIds.has(String(item.json.taskId)));
	const accounted = output.filter((item) => item.json.status === 'succeeded' || typeof item.json.taskId === 'string');
	const orderKept = output.every(
		(item, index) => (item.pairedItem as { item?: number } | undefined)?.item === index,
	);
	return {
		label: spec.label,
		items: spec.durationsMs.length,
		wallMs,
		idealMs: Math.max(...tasks.map((task) => task.queueMs + task.processingMs)),
		succeeded: succeeded.length,
		lost: spec.durationsMs.length - accounted.length,
		duplicateCreates: fake.createRequestCount() - spec.durationsMs.length,
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
