/**
 * Return As "Binary File" through n8n-core against the fake: the video lands in the item as a file (content, MIME
 * type, file name, property name, pairing), in memory and in n8n's filesystem store, without the Tomoviee
 * credential on the storage request; a broken download fails with the task id and the URL.
 */
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData, INodeExecutionData } from 'n8n-workflow';

import { fakeVideoBytes, TaskStatus } from '../fake-tomoviee';
import { createTaskDirectly, errorOf, runNode, submitParameters, useFake, waitForFakeStatus } from './support';

const fake = useFake();

async function succeededTask(prompt = 'a fox turns its head'): Promise<string> {
	const taskId = await createTaskDirectly(fake, prompt);
	await waitForFakeStatus(fake, taskId, TaskStatus.Succeeded);
	return taskId;
}

async function bytesOf(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

function binaryOf(item: INodeExecutionData, property: string): IBinaryData {
	const binary = item.binary?.[property];
	if (!binary) throw new Error(`no binary property "${property}" in ${JSON.stringify(Object.keys(item.binary ?? {}))}`);
	return binary;
}

describe('Get Status, Return As Binary File', () => {
	it('puts the video bytes, MIME type and <taskId>.mp4 into the default property "data"', async () => {
		fake.configure({ videoSizeBytes: 300_001 });
		const taskId = await succeededTask();

		const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId, returnAs: 'binary' } });

		expect(result.executionStatus).toBe('success');
		expect(result.output).toHaveLength(1);
		const [item] = result.output;
		const binary = binaryOf(item, 'data');
		expect(binary.mimeType).toBe('video/mp4');
		expect(binary.fileName).toBe(`${taskId}.mp4`);
		expect((await bytesOf(binary)).equals(fakeVideoBytes(300_001))).toBe(true);
		expect(item.json).toMatchObject({
			taskId,
			status: 'succeeded',
			fileName: `${taskId}.mp4`,
			fileSize: 300_001,
			mimeType: 'video/mp4',
			videoUrl: fake.videoUrl(taskId),
		});
		expect(item.pairedItem).toEqual({ item: 0 });
	});

	it('uses the chosen property name and sends no Tomoviee credentials to the storage', async () => {
		const taskId = await succeededTask();

		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId, returnAs: 'binary', binaryPropertyName: 'video' },
		});

		const [item] = result.output;
		expect(Object.keys(item.binary ?? {})).toEqual(['video']);
		expect((await bytesOf(binaryOf(item, 'video'))).equals(fakeVideoBytes(fake.switches.videoSizeBytes))).toBe(true);
		const [download] = fake.requests({ route: 'video' });
		expect(download.headers.authorization).toBeUndefined();
		expect(download.headers['x-app-key']).toBeUndefined();
	});

	it('outputs JSON only while the task has no video yet', async () => {
		fake.configure({ queueMs: 5_000 });
		const taskId = await createTaskDirectly(fake);

		const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId, returnAs: 'binary' } });

		expect(result.executionStatus).toBe('success');
		expect(result.output[0].json).toMatchObject({ taskId, status: 'queued', videoUrl: null });
		expect(result.output[0].binary).toBeUndefined();
		expect(fake.requests({ route: 'video' })).toHaveLength(0);
	});

	it('keeps Return As Video URL (the default) free of downloads', async () => {
		const taskId = await succeededTask();
		const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId } });
		expect(result.output[0].json.videoUrl).toBe(fake.videoUrl(taskId));
		expect(result.output[0].binary).toBeUndefined();
		expect(fake.requests({ route: 'video' })).toHaveLength(0);
	});

	it("writes the file into n8n's filesystem store in filesystem binary mode", async () => {
		fake.configure({ videoSizeBytes: 1_500_000 });
		const taskId = await succeededTask();

		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId, returnAs: 'binary' },
			extra: { binaryData: { mode: 'filesystem' } },
		});

		const binary = binaryOf(result.output[0], 'data');
		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.data).not.toContain('AAAA'); // not base64 content in the item
		expect((await bytesOf(binary)).equals(fakeVideoBytes(1_500_000))).toBe(true);
		expect(result.output[0].json.fileSize).toBe(1_500_000);
	});
});

describe('Create and Wait, Return As Binary File', () => {
	it('gives each item its own video, paired with its input item', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { returnAs: 'binary', binaryPropertyName: 'clip' }),
			items: [
				{ prompt: 'first [fake:videosize=70000]' },
				{ prompt: 'second [fake:videosize=90001]' },
				{ prompt: 'third [fake:videosize=4096]' },
			],
		});

		expect(result.executionStatus).toBe('success');
		expect(result.output).toHaveLength(3);
		const sizes = [70_000, 90_001, 4096];
		for (const [index, item] of result.output.entries()) {
			const taskId = String(item.json.taskId);
			const binary = binaryOf(item, 'clip');
			expect(item.pairedItem).toEqual({ item: index });
			expect(binary.fileName).toBe(`${taskId}.mp4`);
			expect(item.json.fileSize).toBe(sizes[index]);
			expect((await bytesOf(binary)).equals(fakeVideoBytes(sizes[index]))).toBe(true);
		}
		expect(new Set(result.output.map((item) => item.json.taskId)).size).toBe(3);
	});

	it('refuses an empty binary property name before creating any task', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { returnAs: 'binary', binaryPropertyName: '  ' }),
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toBe("'Put Output File in Field' must not be empty");
		expect(fake.requests({ route: 'create' })).toHaveLength(0);
	});
});

describe('a failed download is an error with the task id and the URL', () => {
	it.each([
		['truncate', /broke off: aborted/],
		['404', /HTTP 404/],
		['expired', /HTTP 403.*expired/i],
	])('video=%s', async (failure, expected) => {
		const taskId = await succeededTask(`a fox [fake:video=${failure}]`);

		const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId, returnAs: 'binary' } });

		const error = errorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain(taskId);
		expect(error.message).toMatch(expected);
		expect(error.context.taskId).toBe(taskId);
		expect(error.context.videoUrl).toBe(fake.videoUrl(taskId));
		expect(error.description).toContain(fake.videoUrl(taskId));
		expect(result.output).toEqual([]);
	});

	it('fails Create and Wait the same way, naming the created task', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { returnAs: 'binary' }),
			items: [{ prompt: 'a fox [fake:video=expired]' }],
		});
		const error = errorOf(result);
		const [created] = fake.tasks();
		expect(error.context.taskId).toBe(created.taskId);
		expect(error.context.videoUrl).toBe(fake.videoUrl(created.taskId));
	});

	it('under Continue On Fail keeps the other items and an error item with the task id', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { returnAs: 'binary' }),
			items: [{ prompt: 'fine' }, { prompt: 'broken [fake:video=404]' }],
			continueOnFail: true,
		});

		expect(result.executionStatus).toBe('success');
		expect(result.output).toHaveLength(2);
		expect(result.output[0].binary?.data).toBeDefined();
		expect(result.output[1].binary).toBeUndefined();
		expect(result.output[1].json.error).toMatch(/HTTP 404/);
		expect(result.output[1].json.taskId).toBe(fake.tasks()[1].taskId);
		expect(result.output[1].pairedItem).toEqual({ item: 1 });
	});
});
