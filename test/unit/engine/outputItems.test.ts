/** engine/outputItems: one output shape per node, Simplify Output applied once, download failures per item. */
import type { IExecuteFunctions } from 'n8n-workflow';

import {
	IMAGE_TO_VIDEO_RESULT,
	resultSpecForCapabilityId,
	toCapabilityTaskView,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { createdOutputItem, outputProfileFor, settledOutputItem } from '../../../nodes/Tomoviee/engine/outputItems';
import { i2vRequest, URL_RETURN } from './engineSupport';
import { NODE } from '../transport/support';

const MUSIC = resultSpecForCapabilityId('tm_text2music');
const succeeded = (taskId: string, result: Record<string, unknown>) => ({
	task_id: taskId,
	status: 3,
	progress: 100,
	reason: '',
	params: 'row-1',
	result: JSON.stringify(result),
});

describe('createdOutputItem', () => {
	it("Image to Video's shape: task id, status and params, no capability", () => {
		expect(createdOutputItem(i2vRequest(4, { params: 'row-1' }), 't-1')).toEqual({
			json: { taskId: 't-1', status: 'queued', params: 'row-1' },
			pairedItem: { item: 4 },
		});
	});

	it("the Tomoviee node's shape names the capability; no params field unless set", () => {
		expect(createdOutputItem(i2vRequest(0, { result: MUSIC }), 't-2').json).toEqual({
			taskId: 't-2',
			capability: 'tm_text2music',
			status: 'queued',
		});
	});
});

describe('outputProfileFor', () => {
	const ctx = { getNode: () => NODE } as unknown as IExecuteFunctions;

	it('reads and outputs a task of its capability: the URL fields of its kind, full output', async () => {
		const profile = outputProfileFor(MUSIC);
		const view = profile.read(succeeded('m-1', { audio_path: ['https://cdn.example/m-1.mp3'], model_version: 'v2' }));
		const item = await profile.outputItem(ctx, view, 1, URL_RETURN);
		expect(item.pairedItem).toEqual({ item: 1 });
		expect(item.json).toMatchObject({
			taskId: 'm-1',
			capability: 'tm_text2music',
			status: 'succeeded',
			audioUrl: 'https://cdn.example/m-1.mp3',
			audioUrls: ['https://cdn.example/m-1.mp3'],
			modelVersion: 'v2',
			params: 'row-1',
		});
	});

	it('Simplify Output keeps fewer fields, the URLs among them', async () => {
		const profile = outputProfileFor(IMAGE_TO_VIDEO_RESULT);
		const view = profile.read(succeeded('v-1', { video_path: ['https://cdn.example/v-1.mp4'] }));
		const full = await profile.outputItem(ctx, view, 0, URL_RETURN);
		const simple = await profile.outputItem(ctx, view, 0, { ...URL_RETURN, simplify: true });
		expect(simple.json.videoUrl).toBe('https://cdn.example/v-1.mp4');
		expect(Object.keys(simple.json).length).toBeLessThan(Object.keys(full.json).length);
		expect(full.json).not.toHaveProperty('capability');
	});
});

describe('settledOutputItem', () => {
	const view = toCapabilityTaskView(
		succeeded('v-1', { video_path: ['https://cdn.example/v-1.mp4'] }),
		IMAGE_TO_VIDEO_RESULT,
	);
	const failingDownload = {
		getNode: () => NODE,
		helpers: {
			httpRequest: async () => {
				throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
			},
		},
	} as unknown as IExecuteFunctions;
	const binary = { ...URL_RETURN, returnAs: 'binary' as const };
	const profile = outputProfileFor(IMAGE_TO_VIDEO_RESULT);

	it('a failed download fails the item: thrown without continueOnFail, naming the item', async () => {
		const error = (await settledOutputItem(failingDownload, { itemIndex: 3, view }, profile, binary, false).catch(
			(caught: unknown) => caught,
		)) as { context: Record<string, unknown> };
		expect(error.context.itemIndex).toBe(3);
	});

	it("under continueOnFail it becomes the item's error item with its task id", async () => {
		const item = await settledOutputItem(failingDownload, { itemIndex: 3, view }, profile, binary, true);
		expect(item.pairedItem).toEqual({ item: 3 });
		expect(item.json).toMatchObject({ error: expect.any(String), taskId: 'v-1' });
	});
});
