/**
 * The waiting engine on a simulated clock (jest's fake timers drive n8n-workflow's sleep and Date.now) with a small
 * fake context and a stub client: tasks that answer nothing but their status, as a real API may.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { IMAGE_TO_VIDEO_RESULT, resultSpecForCapabilityId } from '../../../nodes/Tomoviee/domain/capabilityResult';
import { runTaskBatch } from '../../../nodes/Tomoviee/engine/taskBatch';
import type { TomovieeClient } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import { i2vRequest, planned } from './engineSupport';

const TASK_MS = 62_000;

const context = {
	getNode: () => ({ name: 'Tomoviee', type: 'tomoviee', typeVersion: 1, position: [0, 0], parameters: {} }),
	getExecutionId: () => 'execution-1',
	logger: { info: () => {} },
} as unknown as IExecuteFunctions;

/** A stub client: each create answers after its item's delay; each task runs TASK_MS and reports only its status. */
function stubClient(createDelaysMs: number[]) {
	const createdAt = new Map<string, number>();
	const queries: Array<{ taskId: string; atMs: number }> = [];
	const client = {
		async tryCreateTask(body: { prompt: string }) {
			const itemIndex = Number(body.prompt);
			await sleep(createDelaysMs[itemIndex]);
			const taskId = `tm_img2video_b-0-task${itemIndex}`;
			createdAt.set(taskId, Date.now());
			return { ok: true as const, taskId };
		},
		async tryQueryTask(taskId: string) {
			queries.push({ taskId, atMs: Date.now() });
			const done = Date.now() - (createdAt.get(taskId) as number) >= TASK_MS;
			const data = done
				? {
						task_id: taskId,
						status: 3,
						progress: 100,
						result: JSON.stringify({ video_path: ['https://x.test/v.mp4'] }),
					}
				: { task_id: taskId, status: 2, progress: 0, result: '' };
			return { ok: true as const, data };
		},
	};
	return { client: client as unknown as TomovieeClient, queries, createdAt };
}

/**
 * Two status-only tasks of TASK_MS, the second created 3 s after the first; `secondCapability` is the second's.
 * Returns the second task's queries, as ms after the query that found the first done.
 */
async function secondTaskQueriesAfterFirstDone(secondCapability: string): Promise<number[]> {
	const { client, queries, createdAt } = stubClient([0, 3000]);
	const waitSettings = { pollIntervalMs: 60_000, maxWaitMs: 600_000 };
	const requests = [
		i2vRequest(0, { body: { prompt: '0' }, waitSettings, result: IMAGE_TO_VIDEO_RESULT }),
		i2vRequest(1, { body: { prompt: '1' }, waitSettings, result: resultSpecForCapabilityId(secondCapability) }),
	].map(planned);
	const run = runTaskBatch(context, client, requests, {
		mode: { kind: 'poll', maxParallel: 2 },
		stopOnFirstError: false,
	});
	await jest.runAllTimersAsync();
	const outcomes = await run;
	expect(outcomes.map((outcome) => outcome.kind)).toEqual(['succeeded', 'succeeded']);
	const [first, second] = [...createdAt.keys()];
	const firstDoneAt = queries.find((query) => query.taskId === first && query.atMs - createdAt.get(first)! >= TASK_MS)!;
	return queries
		.filter((query) => query.taskId === second && query.atMs >= firstDoneAt.atMs)
		.map((q) => q.atMs - firstDoneAt.atMs);
}

describe('runTaskBatch: batch-mates re-planned', () => {
	beforeEach(() => {
		jest.useFakeTimers();
		// No jitter: both runs below make the same plans but for the re-plan.
		jest.spyOn(Math, 'random').mockReturnValue(0);
	});
	afterEach(() => {
		jest.useRealTimers();
		jest.restoreAllMocks();
	});

	it('queries a sleeping batch-mate sooner once a task created with it is found done', async () => {
		// Another capability is no batch-mate: the second task keeps the plan it had, as without any re-plan.
		const alone = await secondTaskQueriesAfterFirstDone('tm_text2video_b');
		const mate = await secondTaskQueriesAfterFirstDone('tm_img2video_b');
		expect(mate[0]).toBeLessThan(alone[0]);
		// Sooner, and no more queries for it: the re-plan spends the query it would have made later.
		expect(mate.length).toBeLessThanOrEqual(alone.length);
	});
});
