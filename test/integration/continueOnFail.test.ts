/** "On Error: Continue": each failing item becomes an output item with the message and (once known) the task id. */
import { runNodeWorkflow } from '../harness';
import type { FakeTomoviee } from '../fake-tomoviee';
import { createTaskDirectly, credentialsFor, FULL_OUTPUT, runNode, submitParameters, useFake } from './support';

async function runNodeWorkflowWithErrorOutput(fake: FakeTomoviee, items: Array<{ prompt: string }>) {
	return await runNodeWorkflow({
		node: { parameters: { ...FULL_OUTPUT, ...submitParameters('createAndWait') }, onError: 'continueErrorOutput' },
		items,
		credentials: credentialsFor(fake),
	});
}

const fake = useFake();

describe('continueOnFail', () => {
	it('Create and Wait: bad input and a failed task become error items; the others succeed, in order', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [
				{ prompt: 'first fox runs' },
				{ prompt: '' },
				{ prompt: 'third fox [fake:fail=content policy violation]' },
				{ prompt: 'fourth cat sleeps' },
			],
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const creates = fake.requests({ route: 'create' });
		// The bad item cost no request.
		expect(creates.map((request) => (request.body as { prompt: string }).prompt)).toEqual([
			'first fox runs',
			'third fox [fake:fail=content policy violation]',
			'fourth cat sleeps',
		]);
		const [firstId, failedId, fourthId] = creates.map((request) => request.taskId as string);

		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		const [first, bad, failed, fourth] = result.output.map((item) => item.json);
		expect(first).toMatchObject({ taskId: firstId, status: 'succeeded', videoUrl: fake.videoUrl(firstId) });
		expect(bad.error).toMatch(/^'Prompt' is empty/);
		expect(bad).not.toHaveProperty('taskId');
		expect(failed.taskId).toBe(failedId);
		expect(failed.error).toContain(failedId);
		expect(failed.error).toContain('content policy violation');
		expect(fourth).toMatchObject({ taskId: fourthId, status: 'succeeded', translatedPrompt: 'fourth cat sleeps' });
	});

	it('Create: an API rejection and bad input become error items; good items are queued', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create', { imageUrl: '={{ $json.image }}' }),
			items: [
				{ prompt: 'good one', image: 'https://images.example.com/a.png' },
				{ prompt: 'no money [fake:balance]', image: 'https://images.example.com/b.png' },
				{ prompt: 'bad image', image: 'https://images.example.com/c.tiff' },
				{ prompt: 'good two', image: 'https://images.example.com/d.webp' },
			],
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const created = fake.requests({ route: 'create' }).filter((request) => request.taskId !== undefined);
		const json = result.output.map((item) => item.json);
		expect(json[0]).toEqual({ taskId: created[0].taskId, status: 'queued' });
		expect(json[1].error).toBe('Tomoviee error 680012: insufficient balance');
		expect(json[1].errorDescription).toMatch(/Top up/);
		expect(json[1]).not.toHaveProperty('taskId');
		expect(json[2].error).toContain('".tiff"');
		expect(json[3]).toEqual({ taskId: created[1].taskId, status: 'queued' });
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		// Item 2 (bad image) was never sent.
		expect(fake.createRequestCount()).toBe(3);
	});

	it('Get Status: an unknown task and an empty id become error items next to a good answer', async () => {
		fake.configure({ queueMs: 60_000 });
		const knownId = await createTaskDirectly(fake);
		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' },
			items: [{ id: knownId }, { id: 'tm_img2video_b-0-unknown' }, { id: '' }],
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const json = result.output.map((item) => item.json);
		expect(json[0]).toMatchObject({ taskId: knownId, status: 'queued' });
		expect(json[1].taskId).toBe('tm_img2video_b-0-unknown');
		expect(json[1].error).toMatch(/^Tomoviee error 680011/);
		expect(json[2].error).toMatch(/^'Task ID' is empty/);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('Create and Wait: a network failure while waiting keeps the task id on the error item', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'reset' }] });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.05 } }),
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		const taskId = fake.requests({ route: 'create' })[0].taskId as string;
		expect(result.output).toHaveLength(1);
		expect(result.output[0].json.taskId).toBe(taskId);
		expect(result.output[0].json.error).toContain(taskId);
	});
});

describe('On Error: Continue (using error output)', () => {
	it('a failed task and bad input leave on the error output with the message, and the task id under details', async () => {
		const result = await runNodeWorkflowWithErrorOutput(fake, [
			{ prompt: 'first fox runs' },
			{ prompt: '' },
			{ prompt: 'third fox [fake:fail=content policy violation]' },
		]);

		expect(result.executionStatus).toBe('success');
		const [firstId, failedId] = fake.requests({ route: 'create' }).map((request) => request.taskId as string);
		expect(result.output.map((item) => item.json.taskId)).toEqual([firstId]);
		const errors = result.outputs[1].map((item) => item.json);
		expect(errors).toHaveLength(2);
		expect(errors[0].error).toMatch(/^'Prompt' is empty/);
		// n8n puts the input item's fields under the error output's own.
		expect(errors[1]).toMatchObject({ prompt: 'third fox [fake:fail=content policy violation]' });
		expect(errors[1].details).toMatchObject({ taskId: failedId });
		expect(errors[1].error).toContain('content policy violation');
	});
});
