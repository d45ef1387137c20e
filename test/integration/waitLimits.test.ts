/** Create and Wait's two ways to stop waiting: the maximum wait, and the execution being cancelled (n8n's Stop). */
import { startNodeWorkflow } from '../harness';
import { credentialsFor, errorOf, runNode, sleepMs, submitParameters, until, useFake } from './support';

const fake = useFake();

describe('maximum wait', () => {
	it('ends with an error that carries the task id and says to use Get Status; polling stops', async () => {
		const result = await runNode(fake, {
			// 0.02 min = 1.2 s against a task that takes a minute.
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.02 } }),
			items: [{ prompt: 'a slow fox [fake:duration=60000]' }],
		});

		const error = errorOf(result);
		const taskId = fake.requests({ route: 'create' })[0].taskId as string;
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(`Tomoviee task ${taskId} did not finish within the maximum wait`);
		expect(error.description).toContain('Get Status');
		expect(error.description).toContain(taskId);
		expect(error.context.taskId).toBe(taskId);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.queryRequestCount(taskId)).toBeGreaterThanOrEqual(1);

		const queriesAtEnd = fake.countRequests({ route: 'query' });
		await sleepMs(1500);
		expect(fake.countRequests({ route: 'query' })).toBe(queriesAtEnd);
		// The task itself goes on at Tomoviee.
		expect(fake.taskData(taskId)?.status).toBeLessThan(3);
	});

	it('names the task that timed out when several items wait (continueOnFail keeps the others)', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.03 } }),
			items: [{ prompt: 'quick [fake:duration=100]' }, { prompt: 'slow [fake:duration=60000]' }],
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const [quickId, slowId] = fake.requests({ route: 'create' }).map((request) => request.taskId as string);
		expect(result.output[0].json).toMatchObject({ taskId: quickId, status: 'succeeded' });
		expect(result.output[1].json.taskId).toBe(slowId);
		expect(result.output[1].json.error).toContain('maximum wait');
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});

describe('cancellation while waiting', () => {
	it('stops promptly, and the fake sees no status query afterwards', async () => {
		const running = startNodeWorkflow({
			node: { parameters: submitParameters('createAndWait') },
			items: [{ prompt: 'a fox that takes a minute [fake:duration=60000]' }],
			credentials: credentialsFor(fake),
		});
		expect(await running.nodeStarted).toBe(true);
		await until(() => fake.countRequests({ route: 'query' }) >= 1, 'the first status query');

		running.cancel();
		// The test's own timeout is the "promptly": a node that ignored the cancel would wait ten minutes.
		const result = await running.result;

		expect(result.executionStatus).toBe('canceled');
		expect(result.output).toEqual([]);
		const queriesAtStop = fake.countRequests({ route: 'query' });
		// Longer than the 1 s poll interval: a poll still scheduled would show up.
		await sleepMs(1500);
		expect(fake.countRequests({ route: 'query' })).toBe(queriesAtStop);
		expect(fake.createRequestCount()).toBe(1);
	}, 15_000);

	it('cancelled before its first poll: no status query at all', async () => {
		const running = startNodeWorkflow({
			node: { parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 5 } }) },
			items: [{ prompt: 'a fox [fake:duration=60000]' }],
			credentials: credentialsFor(fake),
		});
		await until(() => fake.createRequestCount() >= 1, 'the create request');

		running.cancel();
		const result = await running.result;

		expect(result.executionStatus).toBe('canceled');
		await sleepMs(1500);
		expect(fake.countRequests({ route: 'query' })).toBe(0);
	}, 15_000);
});
