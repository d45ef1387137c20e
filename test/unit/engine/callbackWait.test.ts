/**
 * engine/callbackWait: the wait saved by waitForCallbacks, and receiveCallback reading it on each call to the resume
 * URL (n8n's part, token check and resume, is in test/integration/callbackWait.test.ts).
 */
import type { IDataObject, INodeExecutionData, IWebhookFunctions } from 'n8n-workflow';

import { receiveCallback, waitForCallbacks } from '../../../nodes/Tomoviee/engine/callbackWait';
import type { TaskRequest } from '../../../nodes/Tomoviee/engine/types';
import { TomovieeClient } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import { engineContext, GATEWAY, i2vRequest, I2V_PATH, ScriptedApi } from './engineSupport';
import { NODE } from '../transport/support';

/** Tasks made on the API as the create loop would have made them; durations by prompt. */
async function createTasks(api: ScriptedApi, requests: TaskRequest[]): Promise<string[]> {
	for (const request of requests) await api.answer({ url: `${GATEWAY}${I2V_PATH}`, body: request.body });
	return api.tasks.slice(-requests.length).map((task) => task.taskId);
}

/** The wait as waitForCallbacks saves it (the stack entry's metadata), for `requests` created on `api`. */
async function savedWait(
	api: ScriptedApi,
	requests: TaskRequest[],
	options: { continueOnFail?: boolean; decided?: Array<INodeExecutionData | undefined>; createdForMs?: number } = {},
) {
	const taskIds = await createTasks(api, requests);
	const context = engineContext(api, options);
	const output = await waitForCallbacks(
		context.ctx,
		await TomovieeClient.forExecution(context.ctx),
		requests.map((request, index) => ({ request, taskId: taskIds[index] })),
		options.decided ?? [],
		{ continueOnFail: options.continueOnFail === true, createdForMs: options.createdForMs ?? 0 },
	);
	return {
		taskIds,
		output,
		waitTill: context.waitTill,
		metadata: JSON.parse(JSON.stringify(context.metadata)) as IDataObject,
	};
}

/** A call to the resume URL as n8n hands it to webhook(): the waiting node's stack entry, the call's body and query. */
function callbackCall(api: ScriptedApi, metadata: IDataObject | undefined, body: IDataObject = {}) {
	const answers: Array<{ status: number; body: unknown }> = [];
	let status = 200;
	const response = {
		status: (code: number) => {
			status = code;
			return response;
		},
		json: (json: unknown) => {
			answers.push({ status, body: json });
			return response;
		},
	};
	const execute = engineContext(api).ctx;
	const ctx = {
		getNode: () => NODE,
		getCredentials: execute.getCredentials,
		helpers: execute.helpers,
		getResponseObject: () => response,
		getBodyData: () => body,
		getQueryData: () => ({}),
		executeData: metadata ? { node: NODE, data: { main: [] }, source: null, metadata } : undefined,
	} as unknown as IWebhookFunctions;
	return { ctx, answers };
}

const running = (prompt: string) => i2vRequest(0, { body: { prompt } });

describe('receiveCallback', () => {
	it('refuses a call when the execution waits for no Tomoviee tasks', async () => {
		const api = new ScriptedApi();
		const { ctx, answers } = callbackCall(api, undefined);
		expect(await receiveCallback(ctx)).toEqual({ noWebhookResponse: true });
		expect(answers).toEqual([{ status: 409, body: { error: 'This execution is not waiting for Tomoviee tasks' } }]);
	});

	it('refuses a call naming a task the execution does not wait for, without a query', async () => {
		const api = new ScriptedApi({ durationMs: 60_000 });
		const { metadata } = await savedWait(api, [running('a')]);
		const { ctx, answers } = callbackCall(api, metadata, { task_id: 'tm_img2video_b-0-foreign', status: 3 });
		expect(await receiveCallback(ctx)).toEqual({ noWebhookResponse: true });
		expect(answers[0].status).toBe(403);
		expect(api.queries).toHaveLength(0);
	});

	it('while the task created last still runs: one query, and the execution keeps waiting', async () => {
		const api = new ScriptedApi({ durationMs: (body) => (body.prompt === 'slow' ? 60_000 : 0) });
		const requests = [i2vRequest(0, { body: { prompt: 'fast' } }), i2vRequest(1, { body: { prompt: 'slow' } })];
		const { taskIds, metadata } = await savedWait(api, requests);

		const { ctx, answers } = callbackCall(api, metadata, { task_id: taskIds[0], status: 3 });
		expect(await receiveCallback(ctx)).toEqual({ noWebhookResponse: true });

		expect(answers).toEqual([{ status: 200, body: { received: true, waitingFor: [taskIds[1]] } }]);
		expect(api.queries.map((query) => query.taskId)).toEqual([taskIds[1]]);
	});

	it("once every task has ended: resumes with every item in input order, decided items kept, and the wait's state cleared", async () => {
		const api = new ScriptedApi({ durationMs: 0 });
		const refused = { json: { error: 'refused' }, pairedItem: { item: 1 } };
		const requests = [i2vRequest(0), i2vRequest(2)];
		const { taskIds, metadata } = await savedWait(api, requests, {
			continueOnFail: true,
			decided: [undefined, refused],
		});

		const { ctx } = callbackCall(api, metadata, { task_id: taskIds[1], status: 3 });
		const result = await receiveCallback(ctx);

		const items = result.workflowData?.[0] ?? [];
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json).toMatchObject({ taskId: taskIds[0], status: 'succeeded', videoUrl: expect.any(String) });
		expect(items[1]).toEqual(refused);
		expect(items[2].json).toMatchObject({ taskId: taskIds[1], status: 'succeeded' });
		expect(metadata).not.toHaveProperty('tomovieeCallbackWait');
		expect(metadata).not.toHaveProperty('resumeError');
		expect(api.queries).toHaveLength(2);
	});

	it('a failed task without continueOnFail resumes the node into its error, naming the tasks still running', async () => {
		const api = new ScriptedApi({
			durationMs: (body) => (body.prompt === 'slow' ? 60_000 : 0),
			failures: { bad: { reason: 'moderation', errorCode: 680040 } },
		});
		const requests = [i2vRequest(0, { body: { prompt: 'slow' } }), i2vRequest(1, { body: { prompt: 'bad' } })];
		const { taskIds, metadata } = await savedWait(api, requests);

		// A call that reports a failure has its own task read first.
		const { ctx } = callbackCall(api, metadata, { task_id: taskIds[1], status: 4 });
		const result = await receiveCallback(ctx);

		expect(result.workflowData).toEqual([[{ json: {} }]]);
		const error = metadata.resumeError as { message: string; context: IDataObject };
		expect(error.message).toBe(`Tomoviee task ${taskIds[1]} failed: moderation`);
		expect(error.context).toMatchObject({ errorCode: 680040, otherTaskIds: [taskIds[0]] });
		expect(metadata).not.toHaveProperty('tomovieeCallbackWait');
		expect(api.queries.map((query) => query.taskId)).toEqual([taskIds[1]]);
	});
});

describe('waitForCallbacks', () => {
	it('saves the wait and puts the execution to wait without a query when the creates were quick', async () => {
		const api = new ScriptedApi({ durationMs: 0 });
		const { metadata, waitTill } = await savedWait(api, [i2vRequest(0), i2vRequest(1)], { createdForMs: 1000 });
		expect(metadata).toHaveProperty('tomovieeCallbackWait');
		expect(waitTill).toHaveLength(1);
		expect(api.queries).toHaveLength(0);
	});

	it('after a long create phase whose tasks have all ended: outputs them at once, since their calls came too early', async () => {
		const api = new ScriptedApi({ durationMs: 0 });
		const { output, waitTill, taskIds } = await savedWait(api, [i2vRequest(0), i2vRequest(1)], {
			createdForMs: 60_000,
		});
		expect(waitTill).toHaveLength(0);
		expect(output.map((item) => item.json.taskId)).toEqual(taskIds);
		expect(output.map((item) => item.json.status)).toEqual(['succeeded', 'succeeded']);
	});

	it('after a long create phase whose last task still runs: one query, then the wait', async () => {
		const api = new ScriptedApi({ durationMs: (body) => (body.prompt === 'slow' ? 60_000 : 0) });
		const { waitTill, taskIds } = await savedWait(
			api,
			[i2vRequest(0, { body: { prompt: 'fast' } }), i2vRequest(1, { body: { prompt: 'slow' } })],
			{ createdForMs: 60_000 },
		);
		expect(waitTill).toHaveLength(1);
		expect(api.queries.map((query) => query.taskId)).toEqual([taskIds[1]]);
	});
});
