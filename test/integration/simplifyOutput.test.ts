/**
 * Simplify Output of the Tomoviee Image to Video node through n8n-core against the fake: a version 1 node (a workflow
 * saved before 1.1) outputs as it always did; a 1.1 node outputs the simplified item by default, the full one with
 * the option off; binary files stay.
 */
import type { INodeParameters } from 'n8n-workflow';

import { TaskStatus } from '../fake-tomoviee';
import { runNodeWorkflow, type NodeRunResult } from '../harness';
import { createTaskDirectly, credentialsFor, jsonOf, submitParameters, useFake, waitForFakeStatus } from './support';
import { IMAGE_TO_VIDEO_OUTPUT_KEYS } from '../fixtures/imageToVideoOutputKeys';

const fake = useFake();

/** The node as a saved workflow has it: its version, and only the parameters the test gives (no simplify set). */
async function runAt(typeVersion: number, parameters: INodeParameters): Promise<NodeRunResult> {
	return await runNodeWorkflow({
		node: { typeVersion, parameters },
		items: [{ prompt: 'a red fox turns its head' }],
		credentials: credentialsFor(fake),
	});
}

const FULL_KEYS = IMAGE_TO_VIDEO_OUTPUT_KEYS;

describe('Create and Wait', () => {
	it('version 1: the full output, as before Simplify Output existed, the same as 1.1 with the option off', async () => {
		const old = await runAt(1, submitParameters('createAndWait'));
		const off = await runAt(1.1, { ...submitParameters('createAndWait'), simplify: false });

		expect(old.executionStatus).toBe('success');
		const [json] = jsonOf(old);
		expect(Object.keys(json)).toEqual(FULL_KEYS);
		expect(json).toMatchObject({
			status: 'succeeded',
			statusCode: 3,
			progress: 100,
			videoUrl: fake.videoUrl(String(json.taskId)),
		});
		const [offJson] = jsonOf(off);
		expect({ ...offJson, taskId: '', videoUrl: '', videoUrls: [] }).toStrictEqual({
			...json,
			taskId: '',
			videoUrl: '',
			videoUrls: [],
		});
	});

	it('version 1.1: the task id, status, video URLs and reason by default', async () => {
		const result = await runAt(1.1, submitParameters('createAndWait'));

		expect(result.executionStatus).toBe('success');
		const taskId = fake.tasks()[0].taskId;
		expect(result.output).toEqual([
			{
				json: {
					taskId,
					status: 'succeeded',
					videoUrl: fake.videoUrl(taskId),
					videoUrls: [fake.videoUrl(taskId)],
					reason: 'success',
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	it('version 1.1 with Return As Binary File: the file stays, the JSON is simplified', async () => {
		const result = await runAt(1.1, { ...submitParameters('createAndWait'), returnAs: 'binary' });

		expect(result.executionStatus).toBe('success');
		const [item] = result.output;
		const taskId = fake.tasks()[0].taskId;
		expect(item.binary?.data).toMatchObject({ mimeType: 'video/mp4', fileName: `${taskId}.mp4` });
		expect(Object.keys(item.json)).toEqual(['taskId', 'status', 'videoUrl', 'videoUrls', 'reason']);
	});
});

describe('Create', () => {
	it('outputs id, status and params in version 1, id and status in 1.1', async () => {
		const parameters = submitParameters('create', { options: { params: 'row-3' } });
		const old = await runAt(1, parameters);
		const current = await runAt(1.1, parameters);

		const [first, second] = fake.tasks().map((task) => task.taskId);
		expect(jsonOf(old)).toEqual([{ taskId: first, status: 'queued', params: 'row-3' }]);
		expect(jsonOf(current)).toEqual([{ taskId: second, status: 'queued' }]);
	});
});

describe('Get Status', () => {
	it('keeps the error code and reason of a failed task in 1.1', async () => {
		const taskId = await createTaskDirectly(fake, 'a fox [fake:fail=content moderation failed]');
		await waitForFakeStatus(fake, taskId, TaskStatus.Failed);
		fake.configure({ failedTaskAnswer: 'taskErrorCode' });

		const old = await runAt(1, { operation: 'getStatus', taskId });
		const current = await runAt(1.1, { operation: 'getStatus', taskId });

		expect(jsonOf(old)[0]).toMatchObject({ statusCode: 4, progress: expect.any(Number), params: 'row-7' });
		expect(jsonOf(current)).toEqual([
			{
				taskId,
				status: 'failed',
				videoUrl: null,
				videoUrls: [],
				reason: 'content moderation failed',
				errorCode: 680301,
			},
		]);
	});
});
