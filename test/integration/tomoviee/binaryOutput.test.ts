/**
 * Return As "Binary File" for every kind: one binary property per file (data, data_1, ...), the MIME type and
 * extension of its kind, the bytes the storage served, no Tomoviee credential sent to the storage; a broken download
 * fails with the task id and names the kind.
 */
import { Container } from '@n8n/di';
import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { fakeFileBytes, type FakeFileKindName } from '../../fake-tomoviee';
import { errorOf, jsonOf, useFake, waitForFakeStatus } from '../support';
import { operationCase } from '../../fixtures/generationOperations';
import { generation, runTomoviee } from './support';

const fake = useFake({ videoSizeBytes: 70_001 });

async function bytesOf(binary: IBinaryData): Promise<Buffer> {
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

const CASES: Array<[string, object, FakeFileKindName, number, string, string]> = [
	['textToVideo', {}, 'video', 1, 'video/mp4', 'mp4'],
	['firstLastFrameToVideo', {}, 'video', 1, 'video/mp4', 'mp4'],
	['textToMusic', { trackCount: 2 }, 'audio', 2, 'audio/mpeg', 'mp3'],
	['textToSoundEffect', { options: { pollIntervalSeconds: 1, soundCount: 3 } }, 'audio', 3, 'audio/mpeg', 'mp3'],
	['referenceToImage', { imageCount: 4 }, 'image', 4, 'image/png', 'png'],
	['redraw', {}, 'image', 1, 'image/png', 'png'],
];

describe.each(CASES)('%s', (operation, overrides, kind, count, mimeType, extension) => {
	it(`puts ${count} ${kind} file(s) into data, data_1... as ${mimeType} .${extension}`, async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase(operation), { returnAs: 'binary', ...overrides }),
		});

		expect(result.executionStatus).toBe('success');
		const [item] = result.output;
		const taskId = String(item.json.taskId);
		const properties = Array.from({ length: count }, (_, index) => (index === 0 ? 'data' : `data_${index}`));
		expect(Object.keys(item.binary ?? {})).toEqual(properties);
		for (const [index, property] of properties.entries()) {
			const binary = item.binary?.[property] as IBinaryData;
			const fileName = `${taskId}${index === 0 ? '' : `_${index}`}.${extension}`;
			expect(binary).toMatchObject({ mimeType, fileName, fileExtension: extension });
			expect((await bytesOf(binary)).equals(fakeFileBytes(kind, 70_001))).toBe(true);
			expect((item.json.files as object[])[index]).toEqual({ property, kind, fileName, mimeType, fileSize: 70_001 });
		}
		expect(item.json[`${kind}Urls`]).toHaveLength(count);
		// The signed storage URLs get no Tomoviee credential.
		const downloads = fake.requests({ route: 'video' });
		expect(downloads).toHaveLength(count);
		for (const download of downloads) {
			expect(download.headers.authorization).toBeUndefined();
			expect(download.headers['x-app-key']).toBeUndefined();
		}
	});
});

it('uses the chosen field name as the base of every property', async () => {
	const result = await runTomoviee(fake, {
		parameters: generation(operationCase('textToMusic'), {
			trackCount: 2,
			returnAs: 'binary',
			binaryPropertyName: 'music',
		}),
	});
	expect(Object.keys(result.output[0].binary ?? {})).toEqual(['music', 'music_1']);
});

it('Get Status of a finished task downloads its files too, and a running task stays JSON only', async () => {
	const created = await runTomoviee(fake, { parameters: generation(operationCase('redraw'), { mode: 'create' }) });
	const taskId = String(jsonOf(created)[0].taskId);
	await waitForFakeStatus(fake, taskId, 3);

	const finished = await runTomoviee(fake, {
		parameters: { resource: 'task', operation: 'getStatus', taskId, returnAs: 'binary' },
	});
	expect(finished.output[0].binary?.data).toMatchObject({ mimeType: 'image/png', fileName: `${taskId}.png` });

	fake.configure({ queueMs: 60_000 });
	const runningCreate = await runTomoviee(fake, {
		parameters: generation(operationCase('textToMusic'), { mode: 'create' }),
	});
	const running = await runTomoviee(fake, {
		parameters: {
			resource: 'task',
			operation: 'getStatus',
			taskId: String(jsonOf(runningCreate)[0].taskId),
			returnAs: 'binary',
		},
	});
	expect(running.output[0].binary).toBeUndefined();
	expect(running.output[0].json).toMatchObject({ status: 'queued', audioUrls: [] });
});

it('a storage refusal fails the item with the task id, naming the audio and its URL', async () => {
	const result = await runTomoviee(fake, {
		parameters: generation(operationCase('textToMusic'), {
			prompt: 'calm piano [fake:video=expired]',
			returnAs: 'binary',
		}),
	});
	const error = errorOf(result);
	const taskId = fake.tasks()[0].taskId;
	expect(error.message).toContain(`Could not download the audio of Tomoviee task ${taskId}`);
	expect(error.message).toContain('The audio storage answered HTTP 403');
	expect(error.description).toMatch(/The audio URL was: http:\/\/127\.0\.0\.1:\d+\/storage\/.*\.mp3\?/);
	expect(error.description).toContain("set 'Return As' to 'URL'");
	// The status operation is named once, by the note on the created task.
	expect(error.description.split('Get Video Status').length).toBe(2);
	expect(error.context.taskId).toBe(taskId);
});
