/**
 * Faults while waiting, through n8n-core against the fake: 429 (Retry-After honoured), 502 HTML, resets and slow
 * answers of status queries are survived; only a fault that persists ends the item, and then with its task id.
 */
import type { FaultRule } from '../fake-tomoviee';
import { jsonOf, runNode, submitParameters, useFake } from './support';

jest.setTimeout(90_000);

const fake = useFake({ queueMs: 200, processingMs: 1300 });

const ITEMS = [
	{ prompt: 'first' },
	{ prompt: 'second [fake:duration=2500]' },
	{ prompt: 'third [fake:duration=1000]' },
];

describe('the fault matrix: each fault at 1 in 3 status queries', () => {
	it.each<[string, FaultRule]>([
		['429 with Retry-After', { target: 'query', kind: 'http429', every: 3, retryAfterSeconds: 1 }],
		['502 with an HTML body', { target: 'query', kind: 'http502', every: 3 }],
		['connection reset', { target: 'query', kind: 'reset', every: 3 }],
		['slow answer', { target: 'query', kind: 'slow', every: 3, delayMs: 1500 }],
	])('%s: every task finishes, none lost, none created twice', async (_, fault) => {
		fake.configure({ faults: [fault] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1 } }),
			items: ITEMS,
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const json = jsonOf(result);
		expect(json.map((item) => item.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		const taskIds = fake.tasks().map((task) => task.taskId);
		expect(json.map((item) => item.taskId).sort()).toEqual([...taskIds].sort());
		expect(fake.createRequestCount()).toBe(3);
		// The fault really hit the waiting.
		expect(fake.requests({ route: 'query' }).filter((query) => query.fault === fault.kind).length).toBeGreaterThan(0);
	});

	it('a status query that times out is retried (the answer came too late to wait for)', async () => {
		// Longer than the node's query timeout (10 s): the node gives up on that answer and asks again.
		fake.configure({ faults: [{ target: 'query', kind: 'slow', count: 1, delayMs: 12_000 }] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1 } }),
		});

		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result)[0]).toMatchObject({ status: 'succeeded', taskId: fake.tasks()[0].taskId });
		const queries = fake.requests({ route: 'query' });
		expect(queries[0].fault).toBe('slow');
		expect(queries.length).toBeGreaterThan(1);
	});
});

describe('honouring Retry-After', () => {
	it('asks again no sooner than the 429 said', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'http429', count: 1, retryAfterSeconds: 3 }] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1 } }),
		});

		expect(result.executionStatus).toBe('success');
		const [limited, next] = fake.requests({ route: 'query' });
		expect(limited.fault).toBe('http429');
		expect(next.timeMs - limited.timeMs).toBeGreaterThanOrEqual(2900);
	});
});

describe('a persistent fault', () => {
	it('ends only the item, with its task id, once the retries run out (here: the maximum wait)', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'http502' }] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.1 } }),
			continueOnFail: true,
		});

		const [json] = jsonOf(result);
		const [task] = fake.tasks();
		expect(json.taskId).toBe(task.taskId);
		expect(json.error).toMatch(/502/);
		expect(json.error).toContain(task.taskId);
		// It was retried, not given up at the first 502.
		expect(fake.queryRequestCount()).toBeGreaterThan(1);
		expect(fake.createRequestCount()).toBe(1);
	});

	it('does not retry what is not transient: a rejected credential ends the item at once', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'auth', authStatus: 401 }] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1 } }),
			continueOnFail: true,
		});

		const [json] = jsonOf(result);
		expect(json.error).toMatch(/140013/);
		expect(json.taskId).toBe(fake.tasks()[0].taskId);
		expect(fake.queryRequestCount()).toBe(1);
	});
});
