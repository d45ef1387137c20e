import { CAPABILITIES } from '../../../nodes/Tomoviee/domain/capabilities';
import {
	capabilityOutputJson,
	kindOfResultKey,
	resultFiles,
	resultSpecFor,
	resultSpecForCapabilityId,
	resultSpecForTask,
	toCapabilityTaskView,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { TaskResultError } from '../../../nodes/Tomoviee/domain/taskView';

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

	it('fails a success whose result is not JSON', () => {
		expect(() => toCapabilityTaskView(task(3, '{"images_path": ['), imageSpec)).toThrow(/could not be parsed as JSON/);
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
