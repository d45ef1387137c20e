/** engine/run: the entry points both nodes call, runTasks (Create, Create and Wait) and readTasks (Get Status). */
import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { resultSpecForCapabilityId, resultSpecForTask } from '../../../nodes/Tomoviee/domain/capabilityResult';
import { readTasks, runTasks } from '../../../nodes/Tomoviee/engine/run';
import {
	engineContext,
	i2vRequest,
	MUSIC_PATH,
	onFakeClock,
	ScriptedApi,
	useFakeClock,
	URL_RETURN,
	type ContextOptions,
} from './engineSupport';
import { NODE } from '../transport/support';

useFakeClock();

const MUSIC = resultSpecForCapabilityId('tm_text2music');
const musicRequest = (itemIndex: number, prompt: string) =>
	i2vRequest(itemIndex, { body: { prompt, duration: 30, qty: 1 }, path: MUSIC_PATH, result: MUSIC });

describe('runTasks', () => {
	it("Create: each item's task id at once, in Image to Video's shape, with bad input kept at its item and never sent", async () => {
		const api = new ScriptedApi();
		const { ctx } = engineContext(api, { continueOnFail: true });
		const badInput = new NodeOperationError(NODE, "'Image URL' must be a URL", { itemIndex: 1 });
		const output = await onFakeClock(
			runTasks(ctx, [i2vRequest(0, { params: 'row-1' }), badInput, i2vRequest(2)], { kind: 'create' }),
		);

		expect(api.creates.map((create) => create.body.prompt)).toEqual(['item 0', 'item 2']);
		expect(output).toEqual([
			{ json: { taskId: api.tasks[0].taskId, status: 'queued', params: 'row-1' }, pairedItem: { item: 0 } },
			{ json: { error: "'Image URL' must be a URL" }, pairedItem: { item: 1 } },
			{ json: { taskId: api.tasks[1].taskId, status: 'queued' }, pairedItem: { item: 2 } },
		]);
	});

	it("Poll, error output: a failed task's item carries its task id, Tomoviee's error code and the capability's hint", async () => {
		const api = new ScriptedApi({
			failures: { 'a sad song': { reason: 'audio generation failed', errorCode: 680031 } },
		});
		const options: ContextOptions = { continueOnFail: true, onError: 'continueErrorOutput' };
		const { ctx } = engineContext(api, options);
		const output = await onFakeClock(
			runTasks(ctx, [musicRequest(0, 'a happy song'), musicRequest(1, 'a sad song')], { kind: 'poll', maxParallel: 2 }),
		);

		const [good, bad] = api.tasks.map((task) => task.taskId);
		expect(output[0].json).toMatchObject({
			taskId: good,
			status: 'succeeded',
			audioUrl: expect.stringContaining(good),
		});
		expect(output[1]).toEqual({
			json: {
				error: `Tomoviee task ${bad} failed: audio generation failed`,
				details: {
					errorDescription: 'Check the prompt and the duration, then run again; the reason comes from Tomoviee',
					taskId: bad,
					errorCode: 680031,
				},
			},
			pairedItem: { item: 1 },
		});
	});

	it('Poll without continueOnFail: the first failed task stops the node with its error and code', async () => {
		const api = new ScriptedApi({ failures: { 'item 0': { reason: 'moderation', errorCode: 680040 } } });
		const { ctx } = engineContext(api);
		const error = (await onFakeClock(runTasks(ctx, [i2vRequest(0)], { kind: 'poll', maxParallel: 1 })).catch(
			(caught: unknown) => caught,
		)) as { message: string; context: IDataObject };
		expect(error.message).toBe(`Tomoviee task ${api.tasks[0].taskId} failed: moderation`);
		expect(error.context).toMatchObject({ taskId: api.tasks[0].taskId, errorCode: 680040 });
	});

	it('Callback: the execution is put to wait with every task saved for the callbacks, and nothing is queried', async () => {
		const api = new ScriptedApi();
		const input = [{ json: { prompt: 'a' } }, { json: { prompt: 'b' } }];
		const context = engineContext(api, { inputItems: input });
		const resumeUrl = 'http://127.0.0.1:5678/webhook-waiting/exec-1?signature=t';
		const wait = (maxWaitMs: number) => ({ pollIntervalMs: 1000, maxWaitMs });
		const started = Date.now();
		const output = await onFakeClock(
			runTasks(
				context.ctx,
				[i2vRequest(0, { waitSettings: wait(60_000) }), i2vRequest(1, { waitSettings: wait(120_000) })],
				{
					kind: 'callback',
					resumeUrl,
				},
			),
		);

		expect(output).toBe(input);
		expect(api.queries).toHaveLength(0);
		// Until the latest of the tasks' maximum waits.
		expect(context.waitTill.map((date) => date.getTime() - started)).toEqual([120_000]);
		const state = context.metadata.tomovieeCallbackWait as { tasks: IDataObject[] };
		expect(state.tasks.map((task) => [task.itemIndex, task.taskId])).toEqual([
			[0, api.tasks[0].taskId],
			[1, api.tasks[1].taskId],
		]);
		expect(context.metadata.resumeError).toBeDefined();
	});
});

describe('readTasks (Get Status)', () => {
	it("outputs a failed task's errorCode in the Tomoviee node's shape, and a running one without", async () => {
		const api = new ScriptedApi({
			durationMs: (body) => (body.prompt === 'slow' ? 60_000 : 0),
			failures: { sad: { reason: 'audio generation failed', errorCode: 680031 } },
		});
		const { ctx } = engineContext(api);
		// Tasks made directly (as by an earlier execution), then read by id.
		await api.answer({ url: `http://127.0.0.1:1${MUSIC_PATH}`, body: { prompt: 'sad' } });
		await api.answer({ url: `http://127.0.0.1:1${MUSIC_PATH}`, body: { prompt: 'slow' } });
		const [failed, running] = api.tasks.map((task) => task.taskId);
		const status = (itemIndex: number, taskId: string) => ({
			itemIndex,
			taskId,
			result: resultSpecForTask(taskId),
			returnSettings: URL_RETURN,
		});

		const output = await readTasks(ctx, [status(0, failed), status(1, running)]);

		expect(output[0].json).toMatchObject({
			taskId: failed,
			capability: 'tm_text2music',
			status: 'failed',
			reason: 'audio generation failed',
			errorCode: 680031,
		});
		expect(output[1].json).toMatchObject({ taskId: running, status: 'processing', audioUrl: null });
		expect(output[1].json).not.toHaveProperty('errorCode');
	});

	it('an unknown task stops the node with an error naming the item, or becomes its error item under continueOnFail', async () => {
		const api = new ScriptedApi();
		const request = { itemIndex: 0, taskId: 'tm_text2music-0-404', result: MUSIC, returnSettings: URL_RETURN };
		const thrown = (await readTasks(engineContext(api).ctx, [request]).catch((caught: unknown) => caught)) as {
			message: string;
			context: IDataObject;
		};
		expect(thrown.message).toMatch(/680011/);
		expect(thrown.context.itemIndex).toBe(0);

		const output = await readTasks(engineContext(api, { continueOnFail: true }).ctx, [request]);
		expect(output).toEqual([
			{
				json: expect.objectContaining({ error: thrown.message, taskId: 'tm_text2music-0-404' }),
				pairedItem: { item: 0 },
			},
		]);
	});
});
