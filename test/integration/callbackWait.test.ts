/**
 * Wait Mode "Callback" in-process: the first part runs through the harness (n8n-core), the fake Tomoviee calls the
 * resume URL, and callbackResume.ts plays the n8n server's part (token check, the node's webhook(), resume).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fakeVideoBytes } from '../fake-tomoviee';
import { nodeOutputOf, useWaitingWebhookServer } from './callbackResume';
import {
	credentialsFor,
	jsonOf,
	runNode,
	sleepMs,
	submitParameters,
	until,
	useFake,
	waitForFakeStatus,
} from './support';
import { STATUS_OPERATION } from '../../nodes/Tomoviee/domain/vocabulary';

// Long enough that the harness run has returned (and is tracked) before the first callback arrives.
const fake = useFake({ queueMs: 300, processingMs: 700 });
const waitingServer = useWaitingWebhookServer(() => credentialsFor(fake));

function callbackParameters(overrides: INodeParameters = {}, options: IDataObject = {}): INodeParameters {
	return submitParameters('createAndWait', {
		waitMode: 'callback',
		options: { pollIntervalSeconds: 1, maxWaitMinutes: 5, ...options },
		...overrides,
	});
}

async function startWaiting(parameters: INodeParameters, prompts: string[], continueOnFail = false) {
	const first = await runNode(fake, {
		parameters,
		items: prompts.map((prompt) => ({ prompt })),
		continueOnFail,
		extra: { additionalData: { webhookWaitingBaseUrl: waitingServer.current.waitingBaseUrl } },
	});
	const finished =
		first.executionStatus === 'waiting' ? waitingServer.current.track(first, parameters, continueOnFail) : undefined;
	return { first, finished };
}

function callbackUrlOf(taskIndex = 0): string {
	const create = fake.requests({ route: 'create' }).filter((request) => request.taskId)[taskIndex];
	return String((create?.body as IDataObject | undefined)?.callback);
}

describe('the first run', () => {
	it("puts the execution to wait with the maximum wait as limit and gives Tomoviee the execution's resume URL", async () => {
		const before = Date.now();
		const { first } = await startWaiting(callbackParameters({}, { maxWaitMinutes: 2 }), [
			'a fox [fake:callback=never]',
		]);

		expect(first.executionStatus).toBe('waiting');
		const waitTill = first.run.waitTill as Date;
		expect(waitTill.getTime()).toBeGreaterThanOrEqual(before + 120_000);
		expect(waitTill.getTime()).toBeLessThanOrEqual(Date.now() + 120_000);
		expect(first.run.data.resumeToken).toBeTruthy();
		expect(callbackUrlOf()).toBe(
			`${waitingServer.current.waitingBaseUrl}/${first.executionId}?signature=${first.run.data.resumeToken}`,
		);
		expect(fake.requests({ route: 'query' })).toHaveLength(0);
	});

	it('refuses the Callback URL option in callback mode before creating any task', async () => {
		const { first } = await startWaiting(callbackParameters({}, { callbackUrl: 'https://example.com/hook' }), [
			'a fox',
		]);
		expect(first.executionStatus).toBe('error');
		expect(String(first.error?.message)).toMatch(
			/'Callback URL' option cannot be used with 'Wait Mode' set to 'Callback'/,
		);
		expect(fake.requests({ route: 'create' })).toHaveLength(0);
	});

	it('refuses it on a later item before creating the task of an earlier one', async () => {
		// Item 0 has no callback URL, item 1 has one: nothing may be created, or item 0's task would be orphaned.
		const parameters = callbackParameters(
			{},
			{ callbackUrl: '={{ $json.prompt.includes("hook") ? "https://example.com/hook" : "" }}' },
		);
		const { first } = await startWaiting(parameters, ['a fox', 'a fox with hook']);
		expect(first.executionStatus).toBe('error');
		expect(String(first.error?.message)).toMatch(/'Callback URL' option cannot be used/);
		expect(fake.requests({ route: 'create' })).toHaveLength(0);
	});

	it('a create refused with 429 is sent again after Retry-After, and the one task is waited for', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http429', count: 1, retryAfterSeconds: 1 }] });
		const { first, finished } = await startWaiting(callbackParameters(), ['a fox, once rate limited']);
		expect(first.executionStatus).toBe('waiting');
		const creates = fake.requests({ route: 'create' });
		expect(creates.map((request) => request.fault ?? 'created')).toEqual(['http429', 'created']);
		expect(creates[1].timeMs - creates[0].timeMs).toBeGreaterThanOrEqual(1000);
		const output = nodeOutputOf(await finished!);
		expect(output.map((item) => item.json.taskId)).toEqual([fake.tasks()[0].taskId]);
	}, 20_000);
});

describe('the callback', () => {
	it('resumes the execution with exactly what polling mode outputs, after one status query', async () => {
		const polled = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox, polled' }],
		});
		fake.clearRequests();

		const { finished } = await startWaiting(callbackParameters(), ['a fox, called back']);
		const run = await finished!;

		expect(run.status).toBe('success');
		const [item] = nodeOutputOf(run);
		const taskId = String(item.json.taskId);
		expect(item.json).toMatchObject({ status: 'succeeded', videoUrl: fake.videoUrl(taskId), progress: 100 });
		const neutral = (json: IDataObject) => ({ ...json, taskId: '', videoUrl: '', videoUrls: [], translatedPrompt: '' });
		expect(neutral(item.json)).toEqual(neutral(jsonOf(polled)[0]));
		expect(Object.keys(item.json).sort()).toEqual(Object.keys(jsonOf(polled)[0]).sort());
		expect(fake.requests({ route: 'query', taskId })).toHaveLength(1);
	});

	it('downloads the video on resume with Return As Binary File', async () => {
		fake.configure({ videoSizeBytes: 123_457 });
		const { finished } = await startWaiting(callbackParameters({ returnAs: 'binary', binaryPropertyName: 'video' }), [
			'a fox',
		]);
		const [item] = nodeOutputOf(await finished!);
		expect(item.json.fileSize).toBe(123_457);
		expect(item.binary?.video.fileName).toBe(`${String(item.json.taskId)}.mp4`);
		expect(Buffer.from(String(item.binary?.video.data), 'base64').equals(fakeVideoBytes(123_457))).toBe(true);
	});

	it('with several items waits once and resumes when the last task has called back', async () => {
		const { first, finished } = await startWaiting(callbackParameters(), [
			'first [fake:duration=400]',
			'second [fake:duration=2500]',
			'third [fake:duration=1200]',
		]);
		const run = await finished!;

		const output = nodeOutputOf(run);
		const created = fake.requests({ route: 'create' }).map((request) => request.taskId);
		expect(output.map((item) => item.json.taskId)).toEqual(created);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(output.every((item) => item.json.status === 'succeeded')).toBe(true);
		const answers = waitingServer.current.calls
			.filter((call) => call.executionId === first.executionId)
			.map((call) => call.answer);
		expect(answers).toHaveLength(3);
		// The two early callbacks keep the execution waiting and name the running task they found.
		expect(answers[0]).toEqual({ statusCode: 200, body: { received: true, waitingFor: [created[2]] } });
		expect(answers[1]).toEqual({ statusCode: 200, body: { received: true, waitingFor: [created[1]] } });
		expect(answers[2].statusCode).toBe(200);
		// One query for each early call (the latest task, still running), three for the call that resumes.
		expect(fake.countRequests({ route: 'query' })).toBe(5);
	});

	it('a duplicate callback produces no second run', async () => {
		const { first, finished } = await startWaiting(callbackParameters(), ['a fox [fake:callback=twice]']);
		const run = await finished!;
		await sleepMs(400);

		expect(nodeOutputOf(run)).toHaveLength(1);
		const answers = waitingServer.current.calls
			.filter((call) => call.executionId === first.executionId)
			.map((call) => call.answer.statusCode);
		expect(answers).toEqual([200, 409]);
		expect(fake.callbacks().map((delivery) => delivery.statusCode)).toEqual([200, 409]);
	});

	it('refuses a task_id the execution does not wait for, and keeps waiting', async () => {
		const { first } = await startWaiting(callbackParameters(), ['a fox [fake:callback=never] [fake:duration=60000]']);
		const url = callbackUrlOf();

		const foreign = await fetch(url, {
			method: 'POST',
			body: JSON.stringify({ task_id: 'tm_img2video_b-0-foreign', status: 3 }),
		});
		const unsigned = await fetch(url.replace(/\?.*$/, ''), { method: 'POST', body: JSON.stringify({ task_id: 'x' }) });

		expect(foreign.status).toBe(403);
		expect(unsigned.status).toBe(401);
		expect(waitingServer.current.statusOf(first.executionId)).toBe('waiting');
		expect(fake.requests({ route: 'query' })).toHaveLength(0);
	});

	it('reads a call without any task id as a signal: the task is read, and the execution keeps waiting while it runs', async () => {
		const { first } = await startWaiting(callbackParameters(), ['a fox [fake:callback=never] [fake:duration=60000]']);
		const taskId = fake.tasks()[0].taskId;
		const missing = await fetch(callbackUrlOf(), { method: 'POST', body: JSON.stringify({ status: 3 }) });
		expect(missing.status).toBe(200);
		expect(await missing.json()).toEqual({ received: true, waitingFor: [taskId] });
		expect(fake.requests({ route: 'query', taskId })).toHaveLength(1);
		expect(waitingServer.current.statusOf(first.executionId)).toBe('waiting');
	});

	it.each(['flat', 'envelope', 'envelopeString', 'form', 'empty'] as const)(
		'resumes on a callback body shaped %s, with the same output',
		async (callbackBody) => {
			fake.configure({ callbackBody });
			const { finished } = await startWaiting(callbackParameters(), ['a fox']);
			const run = await finished!;
			expect(run.status).toBe('success');
			const [item] = nodeOutputOf(run);
			expect(item.json).toMatchObject({
				taskId: fake.tasks()[0].taskId,
				status: 'succeeded',
				videoUrl: fake.videoUrl(fake.tasks()[0].taskId),
			});
		},
	);

	it.each([
		['a GET without a body', { callbackMethod: 'GET', callbackBody: 'empty' }],
		['a POST', { callbackMethod: 'POST' }],
		['a PUT', { callbackMethod: 'PUT' }],
		[
			'a GET naming its task in extra query parameters',
			{ callbackMethod: 'GET', callbackBody: 'empty', callbackQuery: { task_id: '{task_id}', status: '{status}' } },
		],
		['a POST with extra query parameters', { callbackMethod: 'POST', callbackQuery: { source: 'tomoviee', n: '1' } }],
		[
			'a PUT without a body, with extra query parameters',
			{ callbackMethod: 'PUT', callbackBody: 'empty', callbackQuery: { source: 'tomoviee' } },
		],
	] as const)('resumes on %s, with the same output', async (_, switches) => {
		fake.configure(switches);
		const { finished } = await startWaiting(callbackParameters(), ['a fox']);
		const run = await finished!;
		const taskId = fake.tasks()[0].taskId;
		expect(run.status).toBe('success');
		expect(nodeOutputOf(run).map((item) => item.json)).toEqual([
			expect.objectContaining({ taskId, status: 'succeeded', videoUrl: fake.videoUrl(taskId) }),
		]);
		await until(() => fake.callbacks()[0]?.statusCode !== undefined, 'the callback was answered');
		expect(fake.callbacks()).toEqual([expect.objectContaining({ method: switches.callbackMethod, statusCode: 200 })]);
		expect(fake.requests({ route: 'query', taskId })).toHaveLength(1);
	});

	it('reads a task id in the query of a call without a body: a foreign one is refused, the own one is read', async () => {
		const { first } = await startWaiting(callbackParameters(), ['a fox [fake:callback=never] [fake:duration=60000]']);
		const taskId = fake.tasks()[0].taskId;
		const url = new URL(callbackUrlOf());
		const withTask = (id: string) => {
			const target = new URL(url);
			target.searchParams.append('task_id', id);
			return target.toString();
		};

		const foreign = await fetch(withTask('tm_img2video_b-0-foreign'));
		const own = await fetch(withTask(taskId), { method: 'PUT' });

		expect(foreign.status).toBe(403);
		expect(own.status).toBe(200);
		expect(await own.json()).toEqual({ received: true, waitingFor: [taskId] });
		expect(fake.requests({ route: 'query', taskId })).toHaveLength(1);
		expect(waitingServer.current.statusOf(first.executionId)).toBe('waiting');
	});

	it('N items with N callbacks: at most 2N status queries and exactly N downloads, Binary File', async () => {
		const prompts = [0, 1, 2, 3, 4].map((index) => `video ${index} [fake:duration=${800 + index * 400}]`);
		const { first, finished } = await startWaiting(callbackParameters({ returnAs: 'binary' }), prompts);
		const run = await finished!;
		expect(run.status).toBe('success');
		const output = nodeOutputOf(run);
		expect(output.map((item) => item.json.taskId)).toEqual(fake.tasks().map((task) => task.taskId));
		expect(output.every((item) => item.binary?.data !== undefined)).toBe(true);
		expect(waitingServer.current.calls.filter((call) => call.executionId === first.executionId)).toHaveLength(5);
		expect(fake.countRequests({ route: 'query' })).toBeLessThanOrEqual(2 * prompts.length);
		expect(fake.countRequests({ route: 'video' })).toBe(prompts.length);
	}, 20_000);

	it('a failed task resumes the execution with the same error as polling mode', async () => {
		const { finished } = await startWaiting(callbackParameters(), ['a fox [fake:fail=no credits left]']);
		const run = await finished!;
		const taskId = fake.tasks()[0].taskId;
		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toBe(`Tomoviee task ${taskId} failed: no credits left`);
		expect(nodeOutputOf(run)).toEqual([]);
	});

	it('under Continue On Fail a failed task becomes an error item with its task id', async () => {
		const { finished } = await startWaiting(callbackParameters(), ['good', 'bad [fake:fail]'], true);
		const output = nodeOutputOf(await finished!);
		expect(output).toHaveLength(2);
		expect(output[0].json.status).toBe('succeeded');
		expect(output[1].json).toMatchObject({ taskId: fake.tasks()[1].taskId, error: expect.stringMatching(/failed/) });
	});
});

/**
 * Callbacks that this test sends itself, while the batch's tasks are in a known state (the fake's own callbacks are
 * off): what a call costs in status queries and whether it resumes the execution depends on which task it reads first.
 */
describe('a callback in a batch', () => {
	/** Starts a waiting run of one task per prompt, the fake calling back for none, and waits for the given ones to end. */
	async function batchWaiting(prompts: string[], ended: Array<{ index: number; status: 3 | 4 }>) {
		const { first, finished } = await startWaiting(
			callbackParameters(),
			prompts.map((prompt) => `${prompt} [fake:callback=never]`),
		);
		expect(first.executionStatus).toBe('waiting');
		const ids = fake.requests({ route: 'create' }).map((request) => String(request.taskId));
		const url = callbackUrlOf();
		for (const { index, status } of ended) await waitForFakeStatus(fake, ids[index], status);
		fake.clearRequests();
		/** Sends the execution's resume URL what Tomoviee would; answers with what n8n answered. */
		const call = async (body: IDataObject) => {
			const response = await fetch(url, { method: 'POST', body: JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as unknown };
		};
		return { first, finished, ids, call };
	}

	it('a success for an earlier task while the last-created one still runs costs one status query and keeps waiting', async () => {
		const { first, ids, call } = await batchWaiting(
			['one [fake:duration=100]', 'two [fake:duration=100]', 'three [fake:duration=60000]'],
			[
				{ index: 0, status: 3 },
				{ index: 1, status: 3 },
			],
		);

		const answer = await call({ task_id: ids[0], status: 3 });

		expect(answer).toEqual({ status: 200, body: { received: true, waitingFor: [ids[2]] } });
		expect(fake.requests({ route: 'query' }).map((request) => request.taskId)).toEqual([ids[2]]);
		expect(waitingServer.current.statusOf(first.executionId)).toBe('waiting');
	});

	it('a call that names no task while the last-created one still runs costs one status query and keeps waiting', async () => {
		const { first, ids, call } = await batchWaiting(
			['one [fake:duration=100]', 'two [fake:duration=100]', 'three [fake:duration=60000]'],
			[
				{ index: 0, status: 3 },
				{ index: 1, status: 3 },
			],
		);

		const answer = await call({ status: 3 });

		expect(answer).toEqual({ status: 200, body: { received: true, waitingFor: [ids[2]] } });
		expect(fake.requests({ route: 'query' }).map((request) => request.taskId)).toEqual([ids[2]]);
		expect(waitingServer.current.statusOf(first.executionId)).toBe('waiting');
	});

	it('a success for the last task of the batch resumes the execution with every item, each task read once', async () => {
		const { finished, ids, call } = await batchWaiting(
			['one [fake:duration=100]', 'two [fake:duration=100]', 'three [fake:duration=100]'],
			[0, 1, 2].map((index) => ({ index, status: 3 as const })),
		);

		const answer = await call({ task_id: ids[2], status: 3 });
		const run = await finished!;

		expect(answer.status).toBe(200);
		expect(run.status).toBe('success');
		const output = nodeOutputOf(run);
		expect(output.map((item) => item.json.taskId)).toEqual(ids);
		expect(output.map((item) => item.json.status)).toEqual(['succeeded', 'succeeded', 'succeeded']);
		expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(fake.countRequests({ route: 'query' })).toBe(3);
		expect(new Set(fake.requests({ route: 'query' }).map((request) => request.taskId))).toEqual(new Set(ids));
	});

	it('a failure reported for an earlier task ends the wait at once, though later tasks still run', async () => {
		const { finished, ids, call } = await batchWaiting(
			[
				'one [fake:duration=100] [fake:fail=no credits left]',
				'two [fake:duration=60000]',
				'three [fake:duration=60000]',
			],
			[{ index: 0, status: 4 }],
		);

		const answer = await call({ task_id: ids[0], status: 4 });
		const run = await finished!;

		expect(answer.status).toBe(200);
		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toBe(`Tomoviee task ${ids[0]} failed: no credits left`);
		expect(run.data.resultData.error?.description).toContain(`item 1: ${ids[1]}, item 2: ${ids[2]}`);
		expect(fake.requests({ route: 'query' }).map((request) => request.taskId)).toEqual([ids[0]]);
	});
});

describe('no callback before the limit', () => {
	it("fails at the limit with polling mode's timeout error, naming the task", async () => {
		const { first } = await startWaiting(callbackParameters({}, { maxWaitMinutes: 0.01 }), [
			'a fox [fake:callback=never]',
		]);
		const taskId = fake.tasks()[0].taskId;

		const run = await waitingServer.current.resumeAtLimit(first.executionId);

		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toBe(
			`Tomoviee task ${taskId} did not finish within the maximum wait of 0.01 minutes (no callback arrived)`,
		);
		expect(run.data.resultData.error?.description).toContain(`Pick up task ${taskId} later with ${STATUS_OPERATION}`);
	});

	it('under Continue On Fail outputs the timeout error as an item', async () => {
		const { first } = await startWaiting(
			callbackParameters({}, { maxWaitMinutes: 0.01 }),
			['a fox [fake:callback=never]'],
			true,
		);
		const run = await waitingServer.current.resumeAtLimit(first.executionId);
		expect(run.status).toBe('success');
		expect(nodeOutputOf(run).map((item) => item.json.error)).toEqual([
			expect.stringMatching(/did not finish within the maximum wait of 0.01 minutes \(no callback arrived\)/),
		]);
	});
});
