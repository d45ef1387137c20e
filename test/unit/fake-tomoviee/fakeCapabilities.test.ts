/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/** The fake serves every Tomoviee capability beside image-to-video: its validation, its result keys, its files. */
import axios, { type AxiosResponse } from 'axios';

import {
	FakeErrorCode,
	QUERY_PATH,
	TaskStatus,
	createPathOf,
	fakeFileBytes,
	startFakeTomoviee,
	type FakeTomoviee,
	type TaskData,
} from '../../fake-tomoviee';

const IMAGE = 'https://images.example.test/fox.png';
const IMAGE_END = 'https://images.example.test/fox-end.jpg';

let fake: FakeTomoviee;

beforeAll(async () => {
	fake = await startFakeTomoviee({ queueMs: 10, processingMs: 40, videoSizeBytes: 4096 });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => fake.reset());

async function post(path: string, body: unknown): Promise<AxiosResponse> {
	return axios.post(`${fake.url}${path}`, body, { headers: fake.authHeaders(), validateStatus: () => true });
}

async function create(capabilityId: string, body: object): Promise<string> {
	const answer = await post(createPathOf(capabilityId), body);
	expect(answer.data).toEqual({
		code: 0,
		msg: '',
		data: { task_id: expect.stringMatching(new RegExp(`^${capabilityId}-0-\\d{12}[0-9a-f]{10}$`)) },
	});
	return answer.data.data.task_id as string;
}

async function finished(taskId: string): Promise<{ data: TaskData; result: Record<string, unknown> }> {
	for (let attempt = 0; attempt < 400; attempt++) {
		const answer = await post(QUERY_PATH, { task_id: taskId });
		const data = answer.data.data as TaskData;
		if (data.status >= TaskStatus.Succeeded) return { data, result: data.result ? JSON.parse(data.result) : {} };
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`task ${taskId} never ended`);
}

async function download(url: string): Promise<AxiosResponse<Buffer>> {
	return axios.get(url, { responseType: 'arraybuffer', validateStatus: () => true });
}

/** A valid minimal body per capability, the result key and file count it should give, and the file type. */
const CASES: Array<[string, object, string, number, string, 'video' | 'audio' | 'image' | 'mask']> = [
	[
		'tm_text2video_b',
		{ prompt: 'a fox runs', resolution: '720p', duration: 5, aspect_ratio: '16:9' },
		'video_path',
		1,
		'video/mp4',
		'video',
	],
	['tob_text2video_b', { prompt: 'a fox runs' }, 'video_path', 1, 'video/mp4', 'video'],
	[
		'tm_tail2video_b',
		{ prompt: 'it turns', image: IMAGE, image_tail: IMAGE_END, aspect_ratio: 'original' },
		'video_path',
		1,
		'video/mp4',
		'video',
	],
	['tm_text2music', { prompt: 'calm piano', duration: 95, qty: 3 }, 'audio_path', 3, 'audio/mpeg', 'audio'],
	['tm_text2sfx', { prompt: 'a door creaks', duration: 5 }, 'audio_path', 1, 'audio/mpeg', 'audio'],
	['tm_text2sfx', { prompt: 'a door creaks', duration: 180, qty: 2 }, 'audio_path', 2, 'audio/mpeg', 'audio'],
	[
		'tm_reference_img2img',
		{
			prompt: 'watercolor',
			reference_image: IMAGE,
			control_type: '2',
			init_image: IMAGE,
			width: 512,
			height: 2048,
			batch_size: 4,
			control_intensity: 0,
		},
		'images_path',
		4,
		'image/png',
		'image',
	],
	[
		'tm_redrawing',
		{ prompt: 'a starry sky', init_image: IMAGE, mask_url: IMAGE_END },
		'images_path',
		1,
		'image/png',
		'image',
	],
	['tm_text2speech', { text: 'hello there' }, 'audio_path', 1, 'audio/mpeg', 'audio'],
	[
		'tm_video_continuation_b',
		{ prompt: 'then it jumps', video: 'https://v.example.test/clip.mp4' },
		'video_path',
		1,
		'video/mp4',
		'video',
	],
	[
		'tm_reference_img2mask',
		{ template_info: [{ input_params: { control_type: '0', init_image: IMAGE } }] },
		'mask_path',
		1,
		'image/png',
		'mask',
	],
];

describe.each(CASES)('%s', (capabilityId, body, key, count, contentType, kind) => {
	it(`creates a task, lists ${count} file(s) under ${key} and serves each as ${contentType}`, async () => {
		const taskId = await create(capabilityId, body);
		const { data, result } = await finished(taskId);
		expect(data.status).toBe(TaskStatus.Succeeded);
		const urls = result[key] as string[];
		expect(urls).toHaveLength(count);
		expect(fake.task(taskId)?.capability).toBe(capabilityId);
		for (const [index, url] of urls.entries()) {
			const extension = contentType.split('/')[1].replace('mpeg', 'mp3');
			expect(url).toMatch(
				new RegExp(
					`/storage/${taskId}${index === 0 ? '' : `_${index}`}\\.${extension}\\?Expires=\\d+&OSSAccessKeyId=\\w+&Signature=[0-9a-f]{64}$`,
				),
			);
			const file = await download(url);
			expect(file.status).toBe(200);
			expect(file.headers['content-type']).toBe(contentType);
			expect(Buffer.from(file.data).equals(fakeFileBytes(kind, 4096))).toBe(true);
		}
	});
});

describe('validation per capability', () => {
	const text2video = { prompt: 'a fox runs' };
	const tail = { prompt: 'turns', image: IMAGE, image_tail: IMAGE_END };
	const music = { prompt: 'piano', duration: 30, qty: 1 };
	const sfx = { prompt: 'door', duration: 10 };
	const img2img = {
		prompt: 'p',
		reference_image: IMAGE,
		control_type: '1',
		width: 1024,
		height: 1024,
		batch_size: 1,
		control_intensity: 0.5,
	};
	const redraw = { prompt: 'p', init_image: IMAGE };

	it.each([
		['tm_text2video_b', { ...text2video, prompt: ' ' }, FakeErrorCode.PromptInvalid],
		['tm_text2video_b', { ...text2video, aspect_ratio: 'original' }, FakeErrorCode.AspectRatioInvalid],
		['tm_text2video_b', { ...text2video, duration: 10 }, FakeErrorCode.DurationInvalid],
		['tm_text2video_b', { ...text2video, camera_move_index: '7' }, FakeErrorCode.CameraMoveInvalid],
		['tm_text2video_b', { ...text2video, callback: 'nope' }, FakeErrorCode.CallbackInvalid],
		['tm_tail2video_b', { ...tail, image: 'https://x.test/a.gif' }, FakeErrorCode.ImageInvalid],
		['tm_tail2video_b', { prompt: 'p', image: IMAGE }, FakeErrorCode.ImageTailInvalid],
		['tm_tail2video_b', { ...tail, resolution: '4k' }, FakeErrorCode.ResolutionInvalid],
		['tm_text2music', { ...music, duration: 0 }, FakeErrorCode.AudioDurationInvalid],
		['tm_text2music', { ...music, duration: 96 }, FakeErrorCode.AudioDurationInvalid],
		['tm_text2music', { prompt: 'piano', duration: 30 }, FakeErrorCode.QtyInvalid],
		['tm_text2music', { ...music, qty: 5 }, FakeErrorCode.QtyInvalid],
		['tm_text2music', { ...music, disable_translate: 'yes' }, FakeErrorCode.DisableTranslateInvalid],
		['tm_text2sfx', { ...sfx, duration: 4 }, FakeErrorCode.AudioDurationInvalid],
		['tm_text2sfx', { prompt: 'door' }, FakeErrorCode.AudioDurationInvalid],
		['tm_text2sfx', { ...sfx, qty: 0 }, FakeErrorCode.QtyInvalid],
		['tm_reference_img2img', { ...img2img, reference_image: undefined }, FakeErrorCode.ReferenceImageInvalid],
		['tm_reference_img2img', { ...img2img, control_type: 1 }, FakeErrorCode.ControlTypeInvalid],
		['tm_reference_img2img', { ...img2img, control_type: '2' }, FakeErrorCode.InitImageInvalid],
		['tm_reference_img2img', { ...img2img, width: 2049 }, FakeErrorCode.SizeInvalid],
		['tm_reference_img2img', { ...img2img, batch_size: 5 }, FakeErrorCode.BatchSizeInvalid],
		['tm_reference_img2img', { ...img2img, control_intensity: 2 }, FakeErrorCode.ControlIntensityInvalid],
		['tm_redrawing', { prompt: 'p' }, FakeErrorCode.InitImageInvalid],
		['tm_redrawing', { ...redraw, mask_url: 'https://x.test/m.bmp' }, FakeErrorCode.MaskInvalid],
		['tm_redrawing', { ...redraw, params: 7 }, FakeErrorCode.ParamsInvalid],
		['tm_text2speech', { text: '' }, FakeErrorCode.TextInvalid],
		['tm_video_continuation_b', { prompt: 'p', video: 'https://v.test/a.mov' }, FakeErrorCode.VideoInvalid],
		['tm_video_scoring', { prompt: 'p' }, FakeErrorCode.VideoInvalid],
		['tm_text2music', 'not an object', FakeErrorCode.BodyInvalid],
	])('%s refuses %j with %d', async (capabilityId, body, code) => {
		const answer = await post(createPathOf(capabilityId), body);
		expect(answer.data).toEqual({ code, msg: expect.stringContaining('invalid'), data: null });
		expect(fake.tasks()).toHaveLength(0);
	});

	it('answers an unknown capability id as not enabled, naming it', async () => {
		const answer = await post(createPathOf('tm_no_such_thing'), { prompt: 'x' });
		expect(answer.data).toEqual({
			code: FakeErrorCode.CapabilityNotEnabled,
			msg: 'permission denied: capability tm_no_such_thing is not enabled for this app',
			data: null,
		});
	});

	it('refuses a capability not enabled for the app when switched, naming that capability', async () => {
		fake.configure({ createRejection: 'capabilityNotEnabled' });
		const answer = await post(createPathOf('tm_text2music'), music);
		expect(answer.data.msg).toBe('permission denied: capability tm_text2music is not enabled for this app');
	});
});

describe('result readings and outcomes', () => {
	const img2img = {
		prompt: 'p',
		reference_image: IMAGE,
		control_type: '0',
		width: 1024,
		height: 1024,
		batch_size: 2,
		control_intensity: 0.5,
	};

	it.each([
		['image_path', ['image_path']],
		['both', ['images_path', 'image_path']],
	] as const)('lists images under %s when switched', async (imageResultKey, keys) => {
		fake.configure({ imageResultKey });
		const { result } = await finished(await create('tm_reference_img2img', img2img));
		expect(Object.keys(result).filter((key) => key.endsWith('_path'))).toEqual(keys);
		for (const key of keys) expect(result[key]).toHaveLength(2);
		if (keys.length === 2) expect(result.images_path).toEqual(result.image_path);
	});

	it('returns music and video for video scoring (the sources disagree on the key)', async () => {
		const { result } = await finished(await create('tm_video_scoring', { file_link: 'https://v.test/a.mp4' }));
		expect(Object.keys(result)).toEqual(['model_version', 'translate_prompt', 'audio_path', 'video_path']);
		expect((result.audio_path as string[])[0]).toMatch(/\.mp3\?/);
		expect((result.video_path as string[])[0]).toMatch(/_1\.mp4\?/);
	});

	it('applies prompt directives to every capability: failure, empty result, per task', async () => {
		const failed = await finished(await create('tm_text2sfx', { prompt: 'door [fake:fail=too loud]', duration: 10 }));
		expect(failed.data).toMatchObject({ status: TaskStatus.Failed, reason: 'too loud' });
		const empty = await finished(await create('tm_text2music', { prompt: 'x [fake:novideo]', duration: 10, qty: 2 }));
		expect(empty.data.status).toBe(TaskStatus.Succeeded);
		expect(empty.result.audio_path).toEqual([]);
		expect(empty.result.translate_prompt).toBe('x');
	});

	it('refuses a file index the task does not have and a signature of another file', async () => {
		const taskId = await create('tm_text2music', { prompt: 'p', duration: 10, qty: 2 });
		const { result } = await finished(taskId);
		const [first, second] = result.audio_path as string[];
		expect((await download(second.replace('_1.mp3', '_2.mp3'))).status).toBe(404);
		const otherSignature = new URL(second).searchParams.get('Signature') as string;
		const forged = new URL(first);
		forged.searchParams.set('Signature', otherSignature);
		expect((await download(forged.toString())).status).toBe(403);
	});

	it('calls back a capability task with its task object', async () => {
		const received: unknown[] = [];
		const http = await import('node:http');
		const server = http.createServer((request, response) => {
			let text = '';
			request.on('data', (chunk: Buffer) => (text += chunk.toString()));
			request.on('end', () => {
				received.push(JSON.parse(text));
				response.end('ok');
			});
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const port = (server.address() as { port: number }).port;
			const taskId = await create('tm_redrawing', {
				prompt: 'p',
				init_image: IMAGE,
				callback: `http://127.0.0.1:${port}/done`,
			});
			for (let attempt = 0; attempt < 200 && received.length === 0; attempt++)
				await new Promise((resolve) => setTimeout(resolve, 10));
			expect(received).toEqual([expect.objectContaining({ task_id: taskId, status: TaskStatus.Succeeded })]);
			expect(JSON.parse((received[0] as TaskData).result).images_path).toHaveLength(1);
		} finally {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		}
	});
});
