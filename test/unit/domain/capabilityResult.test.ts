import { CAPABILITIES } from '../../../nodes/Tomoviee/domain/capabilities';
import {
	IMAGE_TO_VIDEO_RESULT,
	capabilityOutputJson,
	kindOfResultKey,
	resultFiles,
	resultSpecFor,
	resultSpecForCapabilityId,
	resultSpecForTask,
	toCapabilityTaskView,
	urlFieldsOf,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { TASK_ERROR_CODE_KEY, TaskResultError } from '../../../nodes/Tomoviee/domain/taskView';
import { IMAGE_TO_VIDEO_OUTPUT_KEYS } from '../../fixtures/imageToVideoOutputKeys';

const URL_A = 'https://storage.example.com/a.png?Signature=1';
const URL_B = 'https://storage.example.com/b.png?Signature=2';

function task(status: number, result: unknown = '', extra: Record<string, unknown> = {}) {
	return {
		task_id: 'tm_reference_img2img-0-1',
		status,
		reason: status === 3 ? 'success' : 'queuing',
		progress: status === 3 ? 100 : 0,
		params: 'p',
		result,
		...extra,
	};
}

describe('result keys', () => {
	it.each([
		['video_path', 'video'],
		['audio_path', 'audio'],
		['images_path', 'image'],
		['image_path', 'image'],
		['mask_path', 'mask'],
		['thumbnail_path', 'thumbnail'],
		['cover_image_path', 'coverImage'],
		['model_version', undefined],
		['path', undefined],
		['_path', undefined],
	])('%s is of kind %s', (key, kind) => {
		expect(kindOfResultKey(key)).toBe(kind);
	});

	it('lists the expected keys first, then every other *_path key, each URL once per kind', () => {
		const files = resultFiles(
			{
				mask_path: ['m'],
				image_path: [URL_A, URL_B],
				images_path: [URL_A],
				translate_prompt: 'x',
				extra_path: 'single',
			},
			{ resultKeys: ['images_path', 'image_path'] },
		);
		expect(files).toEqual([
			{ kind: 'image', key: 'images_path', url: URL_A },
			{ kind: 'image', key: 'image_path', url: URL_B },
			{ kind: 'mask', key: 'mask_path', url: 'm' },
			{ kind: 'extra', key: 'extra_path', url: 'single' },
		]);
	});

	it('skips empty and non-string entries', () => {
		expect(resultFiles({ video_path: ['', null, 3, ' ', 'u'] }, { resultKeys: [] })).toEqual([
			{ kind: 'video', key: 'video_path', url: 'u' },
		]);
	});
});

describe('result specs', () => {
	it('knows the table capabilities by id and by task id, and reads anything else whole', () => {
		expect(resultSpecForCapabilityId('tm_text2music')).toEqual({
			capabilityId: 'tm_text2music',
			outputKind: 'audio',
			resultKeys: ['audio_path'],
			includeResult: false,
		});
		// An alternate id is the table's capability, and is what the spec names (it is what was sent).
		expect(resultSpecFor(CAPABILITIES.textToVideo, 'tob_text2video_b')).toEqual(
			resultSpecForCapabilityId('tob_text2video_b'),
		);
		expect(resultSpecForCapabilityId('tob_text2video_b')).toEqual({
			capabilityId: 'tob_text2video_b',
			outputKind: 'video',
			resultKeys: ['video_path'],
			includeResult: false,
		});
		expect(resultSpecForTask('tm_redrawing-0-202601011200abcdef').outputKind).toBe('image');
		expect(resultSpecForTask('tm_text2speech-0-202601011200abcdef')).toEqual({
			capabilityId: 'tm_text2speech',
			outputKind: null,
			resultKeys: [],
			includeResult: true,
		});
	});
});

describe('toCapabilityTaskView and capabilityOutputJson', () => {
	const imageSpec = resultSpecFor(CAPABILITIES.referenceToImage, CAPABILITIES.referenceToImage.id);

	it('shows a running task with the empty URL fields of its kind', () => {
		const view = toCapabilityTaskView(task(1), imageSpec);
		expect(capabilityOutputJson(view, imageSpec)).toStrictEqual({
			taskId: 'tm_reference_img2img-0-1',
			capability: 'tm_reference_img2img',
			status: 'queued',
			statusCode: 1,
			progress: 0,
			reason: 'queuing',
			outputKind: 'image',
			imageUrl: null,
			imageUrls: [],
			modelVersion: null,
			translatedPrompt: null,
			params: 'p',
		});
	});

	it.each(['images_path', 'image_path'])('reads all images of a finished task from %s', (key) => {
		const result = JSON.stringify({ model_version: 'v1', translate_prompt: 'a fox', [key]: [URL_A, URL_B] });
		const view = toCapabilityTaskView(task(3, result), imageSpec);
		const json = capabilityOutputJson(view, imageSpec);
		expect(json).toMatchObject({
			status: 'succeeded',
			imageUrl: URL_A,
			imageUrls: [URL_A, URL_B],
			modelVersion: 'v1',
			translatedPrompt: 'a fox',
		});
		expect(Object.keys(json)).toEqual([
			'taskId',
			'capability',
			'status',
			'statusCode',
			'progress',
			'reason',
			'outputKind',
			'imageUrl',
			'imageUrls',
			'modelVersion',
			'translatedPrompt',
			'params',
		]);
		expect(view.files).toHaveLength(2);
	});

	it('fails a success without a URL under any of the expected keys, naming the task and the keys', () => {
		const read = () => toCapabilityTaskView(task(3, JSON.stringify({ mask_path: ['m'] })), imageSpec);
		expect(read).toThrow(TaskResultError);
		expect(read).toThrow(
			'Tomoviee reported task tm_reference_img2img-0-1 as succeeded but returned no image path (images_path or image_path)',
		);
	});

	it('reads every *_path key of a capability outside the table and outputs the result whole', () => {
		const spec = resultSpecForCapabilityId('tm_video_scoring');
		const result = { video_path: ['v'], audio_path: ['a1', 'a2'], duration: 12 };
		const view = toCapabilityTaskView(task(3, JSON.stringify(result), { task_id: 'tm_video_scoring-0-9' }), spec);
		expect(capabilityOutputJson(view, spec)).toStrictEqual({
			taskId: 'tm_video_scoring-0-9',
			capability: 'tm_video_scoring',
			status: 'succeeded',
			statusCode: 3,
			progress: 100,
			reason: 'success',
			outputKind: 'video',
			videoUrl: 'v',
			videoUrls: ['v'],
			audioUrl: 'a1',
			audioUrls: ['a1', 'a2'],
			modelVersion: null,
			translatedPrompt: null,
			params: 'p',
			result,
		});
	});

	it('accepts a capability outside the table that returns no file at all', () => {
		const spec = resultSpecForCapabilityId('tm_custom');
		const view = toCapabilityTaskView(task(3, { text: 'done' }), spec);
		expect(capabilityOutputJson(view, spec)).toMatchObject({ outputKind: null, result: { text: 'done' } });
		expect(view.files).toEqual([]);
	});

	it('reads a failed task with its reason and no URL', () => {
		const audio = resultSpecFor(CAPABILITIES.textToSoundEffect, CAPABILITIES.textToSoundEffect.id);
		const view = toCapabilityTaskView(
			{ task_id: 't', status: 4, reason: 'content moderation failed', process: 0 },
			audio,
		);
		expect(capabilityOutputJson(view, audio)).toMatchObject({
			status: 'failed',
			reason: 'content moderation failed',
			audioUrl: null,
			audioUrls: [],
		});
	});
});

describe('urlFieldsOf', () => {
	it('names the expected kind first, then each kind of the files, as the output has them', () => {
		expect(urlFieldsOf({ outputKind: 'video', files: [] })).toEqual(['videoUrl', 'videoUrls']);
		const files = [
			{ kind: 'image', key: 'images_path', url: 'a' },
			{ kind: 'mask', key: 'mask_path', url: 'b' },
			{ kind: 'image', key: 'images_path', url: 'c' },
		];
		expect(urlFieldsOf({ outputKind: 'image', files })).toEqual(['imageUrl', 'imageUrls', 'maskUrl', 'maskUrls']);
	});

	it('names exactly the URL fields of the output, for a capability outside the table too', () => {
		const task = {
			task_id: 'tm_x-0-1',
			status: 3,
			result: JSON.stringify({
				thumbnail_path: ['https://cdn.example.com/t.png'],
				audio_path: 'https://cdn.example.com/a.mp3',
			}),
		};
		const spec = resultSpecForCapabilityId('tm_x');
		const view = toCapabilityTaskView(task, spec);
		const json = capabilityOutputJson(view, spec);
		const urlKeys = Object.keys(json).filter((key) => /Urls?$/.test(key));
		expect(urlFieldsOf(view).sort()).toEqual(urlKeys.sort());
	});
});

/**
 * The Tomoviee Image to Video node's output (IMAGE_TO_VIDEO_RESULT): the task's state and its video, in the shape the
 * node had before it ran through the table (no capability or kind fields, video fields only).
 */
describe('the Image to Video output', () => {
	const TASK_ID = 'tm_img2video_b-0-2025080109295bd73652d4';
	const VIDEO = 'https://tic-ai-storage.wondershare.com/a.mp4?Expires=1754809290&OSSAccessKeyId=k&Signature=s';

	/** The contract's sample task object, with overrides. */
	function sample(overrides: Record<string, unknown> = {}): Record<string, unknown> {
		return {
			task_id: TASK_ID,
			wsid: 123,
			priority: 0,
			status: 3,
			reason: 'success',
			progress: 100,
			position: -1,
			wait_time: 96,
			delay: false,
			params: '',
			result: JSON.stringify({ model_version: 'L0-15899', translate_prompt: 'a fox', video_path: [VIDEO] }),
			...overrides,
		};
	}

	const output = (raw: Record<string, unknown>) =>
		capabilityOutputJson(toCapabilityTaskView(raw, IMAGE_TO_VIDEO_RESULT), IMAGE_TO_VIDEO_RESULT);

	function resultError(raw: Record<string, unknown>): TaskResultError {
		try {
			toCapabilityTaskView(raw, IMAGE_TO_VIDEO_RESULT);
		} catch (error) {
			expect(error).toBeInstanceOf(TaskResultError);
			return error as TaskResultError;
		}
		throw new Error('toCapabilityTaskView accepted the task');
	}

	it('reads the contract sample: the JSON-string result becomes videoUrl, videoUrls, modelVersion, translatedPrompt', () => {
		const json = output(sample({ params: '{"row":1}' }));
		expect(json).toStrictEqual({
			taskId: TASK_ID,
			status: 'succeeded',
			statusCode: 3,
			progress: 100,
			reason: 'success',
			videoUrl: VIDEO,
			videoUrls: [VIDEO],
			modelVersion: 'L0-15899',
			translatedPrompt: 'a fox',
			params: '{"row":1}',
		});
		expect(Object.keys(json)).toEqual(IMAGE_TO_VIDEO_OUTPUT_KEYS);
	});

	it('accepts a result that is already an object, every video in order', () => {
		const json = output(sample({ result: { video_path: [VIDEO, `${VIDEO}&2`], model_version: 'M1' } }));
		expect(json).toMatchObject({
			videoUrl: VIDEO,
			videoUrls: [VIDEO, `${VIDEO}&2`],
			modelVersion: 'M1',
			translatedPrompt: null,
		});
	});

	it('outputs the video fields only, whatever other files the result names', () => {
		const raw = sample({ result: JSON.stringify({ video_path: [VIDEO], mask_path: ['https://x.example/m.png'] }) });
		const view = toCapabilityTaskView(raw, IMAGE_TO_VIDEO_RESULT);
		const json = capabilityOutputJson(view, IMAGE_TO_VIDEO_RESULT);
		expect(Object.keys(json).filter((key) => /Urls?$/.test(key))).toEqual(['videoUrl', 'videoUrls']);
		expect(urlFieldsOf(view, IMAGE_TO_VIDEO_RESULT)).toEqual(['videoUrl', 'videoUrls']);
	});

	it.each([
		['queued', 1],
		['processing', 2],
	])('a %s task has empty video fields and its empty result is not read', (status, code) => {
		expect(output(sample({ status: code, progress: 40, reason: '', result: '' }))).toMatchObject({
			status,
			statusCode: code,
			progress: 40,
			videoUrl: null,
			videoUrls: [],
			modelVersion: null,
			translatedPrompt: null,
		});
	});

	it.each([
		['failed', 4, 'content policy'],
		['cancelled', 5, 'closed by user'],
		['timedOut', 6, 'generation timed out'],
	])('a %s task keeps its reason and needs no result', (status, code, reason) => {
		expect(output(sample({ status: code, progress: 0, reason, result: '' }))).toMatchObject({
			taskId: TASK_ID,
			status,
			statusCode: code,
			reason,
			videoUrl: null,
		});
	});

	it('reads `process` when `progress` is missing (the docs table name), and prefers `progress` when both are sent', () => {
		const raw = sample({ status: 2, result: '', process: 37 });
		delete raw.progress;
		expect(output(raw).progress).toBe(37);
		expect(output(sample({ status: 2, result: '', progress: 60, process: 10 })).progress).toBe(60);
	});

	it('reads numbers sent as strings', () => {
		expect(output(sample({ status: '2', progress: '15', result: '' }))).toMatchObject({
			status: 'processing',
			statusCode: 2,
			progress: 15,
		});
	});

	it('defaults progress to 100 for a success and 0 otherwise when neither field is sent', () => {
		const succeeded = sample();
		delete succeeded.progress;
		expect(output(succeeded).progress).toBe(100);
		const queued = sample({ status: 1, result: '' });
		delete queued.progress;
		expect(output(queued).progress).toBe(0);
	});

	it('outputs an unknown status code as status "unknown" with the raw statusCode, without reading a result', () => {
		expect(output(sample({ status: 9, result: '' }))).toMatchObject({
			taskId: TASK_ID,
			status: 'unknown',
			statusCode: 9,
			videoUrl: null,
		});
	});

	it("keeps the query's error code (set by the transport) as errorCode, last, and leaves it out otherwise", () => {
		const failed = output(
			sample({ status: 4, result: '', reason: 'content moderation failed', [TASK_ERROR_CODE_KEY]: 680301 }),
		);
		expect(failed).toMatchObject({ status: 'failed', reason: 'content moderation failed', errorCode: 680301 });
		expect(Object.keys(failed).pop()).toBe('errorCode');
		expect(output(sample())).not.toHaveProperty('errorCode');
	});

	it('refuses a task without status, naming the task', () => {
		const raw = sample();
		delete raw.status;
		const error = resultError(raw);
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toContain('no status');
	});

	it.each([
		['unparsable', '{"video_path":["https://x/a.mp4"'],
		['JSON but not an object', '["https://x/a.mp4"]'],
	])('refuses a success whose result is %s, naming the task', (_label, result) => {
		const error = resultError(sample({ result }));
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toBe(
			`Tomoviee reported task ${TASK_ID} as succeeded but its result could not be parsed as JSON`,
		);
	});

	it.each([
		['an empty video_path', JSON.stringify({ video_path: [] })],
		['no video_path', JSON.stringify({ model_version: 'x' })],
		['only empty strings', JSON.stringify({ video_path: [''] })],
	])('refuses a success with %s, naming the task', (_label, result) => {
		const error = resultError(sample({ result }));
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toBe(`Tomoviee reported task ${TASK_ID} as succeeded but returned no video path`);
	});

	// The table reads a single URL as a list of one for every capability; the node's own reading refused it.
	it('reads a video_path that is one URL string as that video', () => {
		expect(output(sample({ result: JSON.stringify({ video_path: VIDEO }) }))).toMatchObject({
			videoUrl: VIDEO,
			videoUrls: [VIDEO],
		});
	});

	it.each([[''], ['  '], [null], [undefined]])('refuses a success whose result is %j', (result) => {
		expect(resultError(sample({ result })).message).toBe(
			`Tomoviee reported task ${TASK_ID} as succeeded but returned no result`,
		);
	});

	it('leaves modelVersion and translatedPrompt null when they are not strings', () => {
		const json = output(
			sample({ result: JSON.stringify({ video_path: [VIDEO], model_version: 5, translate_prompt: [] }) }),
		);
		expect(json.modelVersion).toBeNull();
		expect(json.translatedPrompt).toBeNull();
	});

	it('turns missing reason and params into empty strings', () => {
		const raw = sample();
		delete raw.reason;
		delete raw.params;
		expect(output(raw)).toMatchObject({ reason: '', params: '' });
	});
});
