/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * Tomoviee Image to Video runs through the capability table's tm_img2video_b entry. Its users must see no change: a
 * fixed set of inputs and answers (every status, a 68xxxx code, unusable answers, bad input, Binary File) went through
 * the node's own old pipeline and through the table with equal outputs (commit "Image to Video's output shape in the
 * capability pipeline"); the old pipeline's outputs are kept in test/fixtures/imageToVideoPipeline.json.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { IBinaryData, IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { IMAGE_TO_VIDEO_RESULT } from '../../../nodes/Tomoviee/domain/capabilityResult';
import { TASK_ERROR_CODE_KEY } from '../../../nodes/Tomoviee/domain/taskView';
import { outputProfileFor } from '../../../nodes/Tomoviee/engine/outputItems';
import type { ReturnSettings, TaskRequest } from '../../../nodes/Tomoviee/engine/types';
import { IMAGE_TO_VIDEO } from '../../../nodes/Tomoviee/imageToVideo/target';
import { readTaskRun } from '../../../nodes/Tomoviee/parameters/taskRequest';
import { NODE } from '../transport/support';

const FIXTURE = join(__dirname, '../../fixtures/imageToVideoPipeline.json');

const VALID = { prompt: ' a cat turns its head ', imageUrl: 'https://img.example.com/cat.png' };

/** Parameter sets as n8n would resolve them (expressions can make them anything). */
const INPUTS: Record<string, IDataObject> = {
	defaults: { ...VALID },
	everySet: {
		...VALID,
		resolution: '1080p',
		aspectRatio: '9:16',
		cameraMove: 5,
		options: { callbackUrl: 'https://hooks.example.com/t', params: 'row-7' },
	},
	cameraMoveAsText: { ...VALID, cameraMove: '12' },
	additionalBodyFields: {
		...VALID,
		options: { additionalBodyFields: '{"seed": 1, "image": "https://x.example/y.png"}' },
	},
	emptyPrompt: { ...VALID, prompt: '  ' },
	emptyImage: { ...VALID, imageUrl: '' },
	imageNotUrl: { ...VALID, imageUrl: 'cat.png' },
	imageFtp: { ...VALID, imageUrl: 'ftp://img.example.com/cat.png' },
	imageGif: { ...VALID, imageUrl: 'https://img.example.com/cat.gif' },
	badResolution: { ...VALID, resolution: '4k' },
	badAspectRatio: { ...VALID, aspectRatio: '2:1' },
	cameraMoveTooHigh: { ...VALID, cameraMove: 47 },
	cameraMoveNotNumber: { ...VALID, cameraMove: 'pan' },
	badCallbackUrl: { ...VALID, options: { callbackUrl: 'not a url' } },
	paramsObject: { ...VALID, options: { params: { id: 1 } } },
	additionalBodyFieldsArray: { ...VALID, options: { additionalBodyFields: '[1]' } },
	additionalBodyFieldsBroken: { ...VALID, options: { additionalBodyFields: '{"seed": ' } },
};

const TASK_ID = 'tm_img2video_b-0-20250801abc';
const RESULT = JSON.stringify({
	video_path: ['https://cdn.example.com/v.mp4?sig=1', 'https://cdn.example.com/v2.mp4'],
	model_version: 'v2.1',
	translate_prompt: 'a cat turns its head',
});

/** Task objects as the transport hands them over (a query's non-zero code under TASK_ERROR_CODE_KEY). */
const ANSWERS: Record<string, Record<string, unknown>> = {
	queued: { task_id: TASK_ID, status: 1, progress: 0, reason: '', params: 'row-7', position: 3, wait_time: 40 },
	processing: { task_id: TASK_ID, status: 2, process: 45, reason: '' },
	succeeded: { task_id: TASK_ID, status: 3, progress: 100, reason: '', result: RESULT, params: 'row-7' },
	succeededResultObject: { task_id: TASK_ID, status: '3', result: JSON.parse(RESULT) as unknown },
	failed: { task_id: TASK_ID, status: 4, progress: 0, reason: 'image could not be read' },
	cancelled: { task_id: TASK_ID, status: 5, reason: 'cancelled by user' },
	timedOut: { task_id: TASK_ID, status: 6, reason: '' },
	failedWithCode: { task_id: TASK_ID, status: 4, reason: 'content moderation failed', [TASK_ERROR_CODE_KEY]: 680301 },
	unknownStatus: { task_id: TASK_ID, status: 7 },
	noStatus: { task_id: TASK_ID },
	succeededWithoutVideo: { task_id: TASK_ID, status: 3, result: '{"model_version":"v2"}' },
	succeededBrokenResult: { task_id: TASK_ID, status: 3, result: '{"video_path": [' },
	succeededNoResult: { task_id: TASK_ID, status: 3 },
};

const URL_SETTINGS: ReturnSettings = { simplify: false, returnAs: 'url', binaryPropertyName: 'data', maxBytes: 1e9 };
const SETTINGS: Record<string, ReturnSettings> = {
	url: URL_SETTINGS,
	simplified: { ...URL_SETTINGS, simplify: true },
	binary: { ...URL_SETTINGS, returnAs: 'binary', binaryPropertyName: 'video' },
	binarySimplified: { ...URL_SETTINGS, returnAs: 'binary', simplify: true },
};

function contextFor(parameters: IDataObject) {
	const downloads: string[] = [];
	return {
		downloads,
		ctx: {
			getNode: () => NODE,
			continueOnFail: () => false,
			getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => parameters[name] ?? fallback,
			helpers: {
				httpRequest: async (options: { url: string }) => {
					downloads.push(options.url);
					return {
						statusCode: 200,
						headers: { 'content-length': '5', 'content-type': 'video/mp4' },
						body: Readable.from([Buffer.from('12345')]),
					};
				},
				prepareBinaryData: async (body: Readable, fileName?: string, mimeType?: string) => {
					let bytes = 0;
					for await (const chunk of body) bytes += (chunk as Buffer).length;
					return { data: 'stored', fileName, mimeType, bytes } as unknown as IBinaryData;
				},
				getBinaryMetadata: async () => ({ fileSize: 5 }),
			},
		} as unknown as IExecuteFunctions,
	};
}

function outcome(run: () => unknown): unknown {
	try {
		return { value: run() };
	} catch (error) {
		const { message, description } = error as { message: string; description?: string };
		return { error: message, description };
	}
}

async function outcomeAsync(run: () => Promise<unknown>): Promise<unknown> {
	try {
		return { value: await run() };
	} catch (error) {
		return { error: (error as Error).message };
	}
}

/** The Image to Video node's Create: one item's request, read through the capability table. */
function readRequest(ctx: IExecuteFunctions): TaskRequest {
	const [request] = readTaskRun(ctx, [{ json: {} }], IMAGE_TO_VIDEO, 'create').requests;
	if (request instanceof Error) throw request;
	return request;
}

/** What the pipeline makes of every input (the request to send, or the item's error) and every answer. */
async function runPipeline() {
	const profile = outputProfileFor(IMAGE_TO_VIDEO_RESULT);
	const requests: Record<string, unknown> = {};
	for (const [name, parameters] of Object.entries(INPUTS)) {
		requests[name] = outcome(() => {
			const { body, callbackUrl, params } = readRequest(contextFor(parameters).ctx);
			return { body, callbackUrl, params };
		});
	}
	const answers: Record<string, unknown> = {};
	for (const [name, task] of Object.entries(ANSWERS)) {
		for (const [settingsName, settings] of Object.entries(SETTINGS)) {
			const { ctx, downloads } = contextFor({});
			answers[`${name} ${settingsName}`] = await outcomeAsync(async () => {
				const view = profile.read(task);
				const item = await profile.outputItem(ctx, view, 3, settings);
				return { item, downloads };
			});
		}
	}
	return JSON.parse(JSON.stringify({ requests, answers })) as unknown;
}

it("gives the requests, errors and outputs that the node's own pipeline gave before it ran through the table", async () => {
	expect(await runPipeline()).toEqual(JSON.parse(readFileSync(FIXTURE, 'utf8')));
});
