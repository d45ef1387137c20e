/**
 * engine/taskBatch: the one create loop (Create, Poll, Callback) and the polling of tasks, against an in-memory
 * Tomoviee on jest's fake clock.
 */
import { NodeApiError } from 'n8n-workflow';

import { runTaskBatch, type ItemOutcome } from '../../../nodes/Tomoviee/engine/taskBatch';
import type { RunMode } from '../../../nodes/Tomoviee/engine/types';
import { TomovieeClient } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import {
	engineContext,
	envelopeError,
	i2vRequest,
	onFakeClock,
	planned,
	ScriptedApi,
	useFakeClock,
	type ContextOptions,
} from './engineSupport';

useFakeClock();

const RESUME_URL = 'http://127.0.0.1:5678/webhook-waiting/exec-1?signature=token';

async function runBatch(api: ScriptedApi, items: number, mode: RunMode, options: ContextOptions = {}) {
	const context = engineContext(api, options);
	const client = await TomovieeClient.forExecution(context.ctx);
	const requests = Array.from({ length: items }, (_, index) => planned(i2vRequest(index)));
	const work = runTaskBatch(context.ctx, client, requests, { mode, stopOnFirstError: options.continueOnFail !== true });
	return { context, work: onFakeClock(work) };
}

const kinds = (outcomes: ItemOutcome[]) => outcomes.map((outcome) => outcome.kind);

describe('Create mode', () => {
	it('creates one task after another, logs every create with its task id, and leaves the tasks open', async () => {
		const api = new ScriptedApi({ createLatencyMs: 500 });
		const { context, work } = await runBatch(api, 4, { kind: 'create' });
		const outcomes = await work;

		expect(api.maxCreatesInFlight).toBe(1);
		expect(outcomes).toEqual(api.tasks.map((task, itemIndex) => ({ kind: 'created', itemIndex, taskId: task.taskId })));
		expect(context.logs.map((line) => line.meta.taskId)).toEqual(api.tasks.map((task) => task.taskId));
		expect(context.logs.map((line) => line.meta.itemIndex)).toEqual([0, 1, 2, 3]);
		expect(api.queries).toHaveLength(0);
	});

	it('a refused create without continueOnFail throws an error that names the tasks already created', async () => {
		const api = new ScriptedApi();
		// Items 0 and 1 get tasks, item 2's create is refused (the account has no balance left).
		api.scripted.set(3, envelopeError(680012, 'insufficient balance'));
		const { work } = await runBatch(api, 4, { kind: 'create' });

		const error = (await work.catch((caught: unknown) => caught)) as NodeApiError;

		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe('Tomoviee error 680012: insufficient balance');
		const made = api.tasks.map((task) => task.taskId);
		expect(made).toHaveLength(2);
		expect(error.context.otherTaskIds).toEqual(made);
		expect(error.description).toContain(`item 0: ${made[0]}, item 1: ${made[1]}`);
		// Item 3 was never sent.
		expect(api.creates).toHaveLength(3);
	});

	it('under continueOnFail the refused item fails alone and the others are created', async () => {
		const api = new ScriptedApi();
		api.scripted.set(1, envelopeError(680012, 'insufficient balance'));
		const { work } = await runBatch(api, 3, { kind: 'create' }, { continueOnFail: true });
		const outcomes = await work;
		expect(kinds(outcomes)).toEqual(['failed', 'created', 'created']);
		expect(api.tasks).toHaveLength(2);
	});
});

describe('Poll mode', () => {
	it('never has more than Max Parallel Tasks open at once, and fills a freed place with the next item', async () => {
		const api = new ScriptedApi({ durationMs: (body) => 2000 + 1500 * (Number(/\d+/.exec(String(body.prompt))) % 3) });
		const { context, work } = await runBatch(api, 7, { kind: 'poll', maxParallel: 2 });
		const outcomes = await work;

		expect(kinds(outcomes)).toEqual(Array(7).fill('succeeded'));
		expect(api.tasks).toHaveLength(7);
		// At each create, the tasks created before it and not yet seen ended by the node.
		const openAtCreates = api.creates.map((create) => create.openForNode);
		expect(Math.max(...openAtCreates)).toBe(1);
		expect(openAtCreates.filter((open) => open === 1).length).toBeGreaterThan(1);
		expect(context.logs).toHaveLength(7);
	});

	it('with a bound above the item count sends every create at once', async () => {
		const api = new ScriptedApi({ durationMs: 10_000, createLatencyMs: 100 });
		const { work } = await runBatch(api, 4, { kind: 'poll', maxParallel: 20 });
		expect(kinds(await work)).toEqual(Array(4).fill('succeeded'));
		expect(api.maxCreatesInFlight).toBe(4);
	});
});

describe('Callback mode', () => {
	it("puts the execution's resume URL in every create body as callback, queries nothing, and leaves the tasks open", async () => {
		const api = new ScriptedApi({ createLatencyMs: 200 });
		const { context, work } = await runBatch(api, 3, { kind: 'callback', resumeUrl: RESUME_URL });
		const outcomes = await work;

		expect(api.creates.map((create) => create.body.callback)).toEqual([RESUME_URL, RESUME_URL, RESUME_URL]);
		expect(api.creates.map((create) => create.body.prompt)).toEqual(['item 0', 'item 1', 'item 2']);
		expect(api.maxCreatesInFlight).toBe(1);
		expect(outcomes).toEqual(api.tasks.map((task, itemIndex) => ({ kind: 'created', itemIndex, taskId: task.taskId })));
		expect(api.queries).toHaveLength(0);
		expect(context.logs).toHaveLength(3);
	});

	it.each(['http429', 'envelope'] as const)(
		"at the account's limit (refusal as %s) polls its open tasks, creates the next one as one ends, and fails no item",
		async (limitAnswer) => {
			// Tasks far longer than the create retries: only waiting for one of the batch's tasks lets a create through.
			const api = new ScriptedApi({ maxConcurrentTasks: 2, limitAnswer, durationMs: 5 * 60_000 });
			const { work } = await runBatch(api, 5, { kind: 'callback', resumeUrl: RESUME_URL });
			const outcomes = await work;

			expect(kinds(outcomes)).toEqual(Array(5).fill('succeeded'));
			const accepted = api.creates.filter((create) => create.taskId);
			expect(accepted).toHaveLength(5);
			expect(api.tasks).toHaveLength(5);
			// Only the first item past the limit ran into it; later creates waited until a task of the batch had ended.
			const refusedPrompts = new Set(
				api.creates.filter((create) => create.refused).map((create) => create.body.prompt),
			);
			expect([...refusedPrompts]).toEqual(['item 2']);
			expect(Math.max(...accepted.map((create) => create.openForNode))).toBeLessThanOrEqual(1);
			expect(api.queries.length).toBeGreaterThan(0);
		},
	);

	it('a rate limit while none of its tasks runs is retried, not waited out by polling', async () => {
		const api = new ScriptedApi();
		api.scripted.set(1, { statusCode: 429, headers: { 'retry-after': '1' }, body: 'slow down' });
		const { work } = await runBatch(api, 1, { kind: 'callback', resumeUrl: RESUME_URL });
		const outcomes = await work;
		expect(kinds(outcomes)).toEqual(['created']);
		expect(api.creates.map((create) => create.refused ?? 'created')).toEqual(['scripted', 'created']);
		expect(api.queries).toHaveLength(0);
	});
});
