/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * Create and Wait with many items, through n8n-core against the fake: output order and pairing follow the input
 * whatever order tasks finish in, each item keeps its own error, "Max Parallel Tasks" bounds the tasks in flight,
 * and creates are retried only when Tomoviee certainly did not take them.
 */
import net from 'node:net';
import type { IDataObject } from 'n8n-workflow';

import type { LoggedRequest } from '../fake-tomoviee';
import { credentialsFor, errorOf, jsonOf, runNode, submitParameters, useFake } from './support';
import { runNodeWorkflow } from '../harness';

jest.setTimeout(60_000);

const fake = useFake({ queueMs: 100, processingMs: 500 });

const waitParameters = (options: IDataObject = {}) =>
	submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, ...options } });

/** When the node's query first saw each task final (the moment it stopped being in flight for the node). */
function seenFinalAt(taskId: string): number {
	const task = fake.task(taskId);
	if (!task) throw new Error(`unknown task ${taskId}`);
	const endedAt = task.createdAtMs + task.queueMs + task.processingMs;
	const seen = fake
		.requests({ route: 'query', taskId })
		.find((query: LoggedRequest) => !query.fault && query.timeMs >= endedAt);
	return seen?.timeMs ?? Number.POSITIVE_INFINITY;
}

/** For each create, how many tasks were already in flight (created and not yet seen final) when it arrived. */
function inFlightAtEachCreate(): number[] {
	const creates = fake.requests({ route: 'create' });
	// "Earlier" is the request log's arrival order, not the clock: concurrent creates share a millisecond tick.
	const createdBy = creates
		.filter((create) => create.taskId)
		.map((create) => ({ seq: create.seq, taskId: create.taskId as string }));
	return creates.map(
		(create) => createdBy.filter((task) => task.seq < create.seq && seenFinalAt(task.taskId) > create.timeMs).length,
	);
}

describe('ordering and pairing', () => {
	it('keeps input order and pairedItem with mixed successes, failed tasks, refused creates and bad input', async () => {
		const items = [
			{ prompt: 'slow one [fake:duration=2500]' },
			{ prompt: 'fails [fake:fail=content rejected] [fake:duration=400]' },
			{ prompt: '' },
			{ prompt: 'quick one [fake:duration=300]' },
			{ prompt: 'no money [fake:balance]' },
			{ prompt: 'middle one [fake:duration=1200]' },
		];
		const result = await runNode(fake, { parameters: waitParameters(), items, continueOnFail: true });

		expect(result.executionStatus).toBe('success');
		expect(result.output.map((item) => item.pairedItem)).toEqual(items.map((_, index) => ({ item: index })));
		const json = jsonOf(result);
		const created = fake.tasks().map((task) => ({ taskId: task.taskId, prompt: task.request.prompt }));
		const taskFor = (prompt: string) => created.find((task) => task.prompt === prompt)?.taskId;

		expect(json[0]).toMatchObject({ status: 'succeeded', taskId: taskFor(items[0].prompt) });
		expect(json[1].error).toMatch(/failed: content rejected/);
		expect(json[1].taskId).toBe(taskFor(items[1].prompt));
		expect(json[2].error).toMatch(/prompt/i);
		expect(json[2].taskId).toBeUndefined();
		expect(json[3]).toMatchObject({ status: 'succeeded', taskId: taskFor(items[3].prompt) });
		expect(json[4].error).toMatch(/680012|balance/);
		expect(json[4].taskId).toBeUndefined();
		expect(json[5]).toMatchObject({ status: 'succeeded', taskId: taskFor(items[5].prompt) });
		// The bad item cost no request; every other item exactly one create.
		expect(fake.createRequestCount()).toBe(5);
		expect(created).toHaveLength(4);
	});

	it('without continueOnFail, the first failure stops the node and names the tasks still running', async () => {
		const items = [{ prompt: 'long [fake:duration=4000]' }, { prompt: 'fails fast [fake:fail] [fake:duration=200]' }];
		const result = await runNode(fake, { parameters: waitParameters(), items });

		const error = errorOf(result);
		const [longTask] = fake.tasks().filter((task) => task.request.prompt.startsWith('long'));
		expect(error.message).toMatch(/failed/);
		expect(error.context.itemIndex).toBe(1);
		expect(error.description).toContain(longTask.taskId);
		expect(error.context.otherTaskIds).toEqual([longTask.taskId]);
	});
});

describe('Max Parallel Tasks', () => {
	it('never has more tasks in flight than the bound, and submits the rest as tasks finish', async () => {
		const items = Array.from({ length: 6 }, (_, index) => ({
			prompt: `item ${index} [fake:duration=${400 + 150 * index}]`,
		}));
		const result = await runNode(fake, { parameters: waitParameters({ maxParallelTasks: 2 }), items });

		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result).map((json) => json.status)).toEqual(Array(6).fill('succeeded'));
		const inFlight = inFlightAtEachCreate();
		expect(inFlight).toHaveLength(6);
		// Each create found at most one other task in flight (so at most 2 at once) ...
		expect(Math.max(...inFlight)).toBeLessThanOrEqual(1);
		// ... and the bound was used: some create went out while another task was running.
		expect(Math.max(...inFlight)).toBe(1);
	});

	it('submits every item at once by default (20 at a time)', async () => {
		// Long enough that no task can end while five creates go out, even on a loaded machine.
		const items = Array.from({ length: 5 }, (_, index) => ({ prompt: `item ${index} [fake:duration=3000]` }));
		const result = await runNode(fake, { parameters: waitParameters(), items });

		expect(result.executionStatus).toBe('success');
		expect(inFlightAtEachCreate()).toEqual([0, 1, 2, 3, 4]);
	});

	it('rejects a bound below 1 before any request', async () => {
		const result = await runNode(fake, { parameters: waitParameters({ maxParallelTasks: 0 }) });
		expect(errorOf(result).message).toMatch(/Max Parallel Tasks/);
		expect(fake.createRequestCount()).toBe(0);
	});
});

describe("the account's limit on tasks at once", () => {
	it('meets the limit, then submits each waiting item as one of its tasks ends: every item once, few refusals', async () => {
		fake.configure({ maxConcurrentTasks: 2 });
		const items = Array.from({ length: 6 }, (_, index) => ({ prompt: `item ${index} [fake:duration=1500]` }));
		const result = await runNode(fake, { parameters: waitParameters(), items });

		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result).map((json) => json.status)).toEqual(Array(6).fill('succeeded'));
		expect(fake.tasks()).toHaveLength(6);
		const creates = fake.requests({ route: 'create' });
		const refused = creates.filter((create) => create.refused === 'taskLimit');
		// The limit was met (more items than it allows, all submitted at once) ...
		expect(refused.length).toBeGreaterThan(0);
		// ... and no item's create was refused more than twice: after the first refusals, creates wait for a slot.
		const refusalsPerItem = items.map(
			({ prompt }) => refused.filter((create) => (create.body as { prompt: string }).prompt === prompt).length,
		);
		expect(Math.max(...refusalsPerItem)).toBeLessThanOrEqual(2);
		expect(creates.length - refused.length).toBe(6);
		expect(Math.max(...inFlightAtEachCreate().filter((_, index) => !creates[index].refused))).toBeLessThanOrEqual(1);
	});
});

describe('create retries: never a duplicate task', () => {
	it('retries a create answered 429 (nothing was created) and makes each task once', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http429', count: 2, retryAfterSeconds: 1 }] });
		const items = [{ prompt: 'a [fake:duration=300]' }, { prompt: 'b [fake:duration=300]' }];
		const result = await runNode(fake, { parameters: waitParameters(), items });

		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'create' }).filter((request) => request.fault === 'http429')).toHaveLength(2);
		expect(fake.createRequestCount()).toBe(4);
		expect(fake.tasks()).toHaveLength(2);
		expect(new Set(jsonOf(result).map((json) => json.taskId)).size).toBe(2);
	});

	it('at an account limit (creates refused past the retry budget while its own tasks run) waits for a slot', async () => {
		// The first two creates pass; the next five are refused (the create retry budget), then creates pass again.
		fake.configure({ faults: [{ target: 'create', kind: 'http429', skip: 2, count: 5, retryAfterSeconds: null }] });
		const items = [
			{ prompt: 'running [fake:duration=20000]' },
			{ prompt: 'running too [fake:duration=22000]' },
			{ prompt: 'third [fake:duration=300]' },
		];
		const result = await runNode(fake, { parameters: waitParameters(), items });

		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result).map((json) => json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		const creates = fake.requests({ route: 'create' });
		expect(creates.filter((create) => create.fault === 'http429')).toHaveLength(5);
		expect(fake.tasks()).toHaveLength(3);
		// The third task was created only once one of the first two had been seen finished.
		const [first, second, third] = fake.tasks().sort((a, b) => a.createdAtMs - b.createdAtMs);
		expect(third.request.prompt).toMatch(/^third/);
		expect(third.createdAtMs).toBeGreaterThanOrEqual(Math.min(seenFinalAt(first.taskId), seenFinalAt(second.taskId)));
	});

	it.each([
		['a reset', { kind: 'reset' as const }],
		['a 502', { kind: 'http502' as const }],
	])('does not resend a create that got %s after Tomoviee created the task', async (_, fault) => {
		fake.configure({ faults: [{ target: 'create', when: 'afterCreate', count: 1, ...fault }] });
		const result = await runNode(fake, { parameters: waitParameters(), continueOnFail: true });

		expect(fake.createRequestCount()).toBe(1);
		expect(fake.tasks()).toHaveLength(1);
		const [json] = jsonOf(result);
		expect(json.error).toBeDefined();
		expect(json.errorDescription).toMatch(/may have created the task/);
		expect(result.output[0].pairedItem).toEqual({ item: 0 });
	});

	it('waits out a slow create answer instead of sending the create again', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'slow', when: 'afterCreate', count: 1, delayMs: 2000 }] });
		const result = await runNode(fake, { parameters: waitParameters() });

		expect(result.executionStatus).toBe('success');
		expect(fake.createRequestCount()).toBe(1);
		expect(jsonOf(result)[0]).toMatchObject({ status: 'succeeded', taskId: fake.tasks()[0].taskId });
	});

	it('retries a create whose connection was refused (nothing was sent)', async () => {
		// A port with nothing listening yet; a forwarder to the fake opens on it a moment after the node starts.
		const port = await freePort();
		let forwarder: net.Server | undefined;
		const opening = new Promise<void>((resolve) => {
			setTimeout(() => {
				forwarder = net.createServer((client) => {
					const upstream = net.connect(fake.port, '127.0.0.1');
					client.pipe(upstream).pipe(client);
					const close = () => {
						client.destroy();
						upstream.destroy();
					};
					client.on('error', close);
					upstream.on('error', close);
				});
				forwarder.listen(port, '127.0.0.1', () => resolve());
			}, 1500);
		});
		try {
			const result = await runNodeWorkflow({
				node: { parameters: waitParameters() },
				items: [{ prompt: 'refused at first [fake:duration=300]' }],
				credentials: credentialsFor(fake, { baseUrl: `http://127.0.0.1:${port}` }),
			});
			await opening;
			expect(result.executionStatus).toBe('success');
			expect(fake.createRequestCount()).toBe(1);
			expect(jsonOf(result)[0]).toMatchObject({ status: 'succeeded', taskId: fake.tasks()[0].taskId });
		} finally {
			await opening;
			await new Promise<void>((resolve) => (forwarder ? forwarder.close(() => resolve()) : resolve()));
		}
	});
});

async function freePort(): Promise<number> {
	const server = net.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
	const { port } = server.address() as net.AddressInfo;
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}
