/**
 * Simplify Output of the Tomoviee node through n8n-core against the fake: version 1 outputs in full as before, 1.1
 * simplifies by default, with the same rule as the Image to Video node (task id, status, URL fields of each kind,
 * reason, error code).
 */
import type { INodeParameters } from 'n8n-workflow';

import { operationCase } from '../../fixtures/generationOperations';
import { runNodeWorkflow, type NodeRunResult } from '../../harness';
import { credentialsFor, jsonOf, useFake } from '../support';
import { generation, NODE_TYPE } from './support';

const fake = useFake();

async function runAt(typeVersion: number, parameters: INodeParameters): Promise<NodeRunResult> {
	return await runNodeWorkflow({
		node: { type: NODE_TYPE, typeVersion, parameters },
		items: [{}],
		credentials: credentialsFor(fake),
	});
}

const music = operationCase('textToMusic');

describe('a generation, Create and Wait', () => {
	it('version 1 outputs in full, 1.1 the task id, status, every audio URL and the reason', async () => {
		const parameters = generation(music, { trackCount: 2 });
		const old = await runAt(1, parameters);
		const current = await runAt(1.1, parameters);

		expect(old.executionStatus).toBe('success');
		expect(Object.keys(jsonOf(old)[0])).toEqual([
			'taskId',
			'capability',
			'status',
			'statusCode',
			'progress',
			'reason',
			'outputKind',
			'audioUrl',
			'audioUrls',
			'modelVersion',
			'translatedPrompt',
			'params',
		]);
		const taskId = fake.tasks()[1].taskId;
		const urls = (JSON.parse(fake.taskData(taskId)?.result ?? '{}') as { audio_path: string[] }).audio_path;
		expect(urls).toHaveLength(2);
		expect(jsonOf(current)).toEqual([
			{ taskId, status: 'succeeded', audioUrl: urls[0], audioUrls: urls, reason: 'success' },
		]);
	});

	it('1.1 with Return As Binary File keeps every file and leaves the file list out of the JSON', async () => {
		const result = await runAt(1.1, generation(music, { trackCount: 2, returnAs: 'binary' }));

		expect(result.executionStatus).toBe('success');
		const [item] = result.output;
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
		expect(Object.keys(item.json)).toEqual(['taskId', 'status', 'audioUrl', 'audioUrls', 'reason']);
	});
});

describe('Create, Task > Get Status and Custom Capability in 1.1', () => {
	it('Create outputs the task id and status only', async () => {
		const result = await runAt(1.1, generation(music, { mode: 'create', options: { params: 'row-1' } }));

		expect(jsonOf(result)).toEqual([{ taskId: fake.tasks()[0].taskId, status: 'queued' }]);
	});

	it('Get Status outputs a running task with the empty URL fields of its kind', async () => {
		const redraw = operationCase('redraw');
		await runAt(1.1, generation(redraw, { mode: 'create', prompt: 'a starry sky [fake:duration=60000]' }));
		const taskId = fake.tasks()[0].taskId;

		const running = await runAt(1.1, { resource: 'task', operation: 'getStatus', taskId });
		expect(jsonOf(running)).toEqual([
			{
				taskId,
				status: expect.stringMatching(/^(queued|processing)$/),
				imageUrl: null,
				imageUrls: [],
				reason: expect.any(String),
			},
		]);
	});

	it('Custom Capability keeps the URL fields of every kind found and drops the raw result', async () => {
		const custom = {
			resource: 'custom',
			operation: 'run',
			capabilityId: 'tm_text2music',
			body: '{"prompt": "calm piano", "duration": 30, "qty": 1}',
			options: { pollIntervalSeconds: 1 },
		};
		const result = await runAt(1.1, custom);
		const full = await runAt(1, custom);

		expect(result.executionStatus).toBe('success');
		expect(Object.keys(jsonOf(result)[0])).toEqual(['taskId', 'status', 'audioUrl', 'audioUrls', 'reason']);
		expect(jsonOf(full)[0]).toHaveProperty('modelVersion');
	});
});
