import {
	capabilityOutputJson,
	toCapabilityTaskView,
	resultSpecForCapabilityId,
	urlFieldsOf,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { simplifyTaskJson } from '../../../nodes/Tomoviee/domain/simplifiedOutput';
import { toTaskView } from '../../../nodes/Tomoviee/domain/taskView';

const VIDEO = 'https://cdn.example.com/v.mp4';

describe('simplifyTaskJson', () => {
	it('keeps the task id, status, the named URL fields and the error fields, in that order, nothing else', () => {
		const json = {
			taskId: 't-1',
			capability: 'tm_redraw',
			status: 'succeeded',
			statusCode: 3,
			progress: 100,
			reason: 'success',
			outputKind: 'image',
			imageUrl: 'https://cdn.example.com/a.png',
			imageUrls: ['https://cdn.example.com/a.png'],
			maskUrl: 'https://cdn.example.com/m.png',
			maskUrls: ['https://cdn.example.com/m.png'],
			modelVersion: 'v1',
			translatedPrompt: 'p',
			params: 'row-1',
			errorCode: 680001,
			files: [{ property: 'data' }],
		};
		const simplified = simplifyTaskJson(json, ['imageUrl', 'imageUrls', 'maskUrl', 'maskUrls']);
		expect(simplified).toStrictEqual({
			taskId: 't-1',
			status: 'succeeded',
			imageUrl: 'https://cdn.example.com/a.png',
			imageUrls: ['https://cdn.example.com/a.png'],
			maskUrl: 'https://cdn.example.com/m.png',
			maskUrls: ['https://cdn.example.com/m.png'],
			reason: 'success',
			errorCode: 680001,
		});
		expect(Object.keys(simplified)).toEqual([
			'taskId',
			'status',
			'imageUrl',
			'imageUrls',
			'maskUrl',
			'maskUrls',
			'reason',
			'errorCode',
		]);
	});

	it('leaves out what the item does not have, and keeps null URL fields of a task still running', () => {
		expect(simplifyTaskJson({ taskId: 't', capability: 'c', status: 'queued', params: 'x' }, [])).toStrictEqual({
			taskId: 't',
			status: 'queued',
		});
		expect(
			simplifyTaskJson({ taskId: 't', status: 'processing', videoUrl: null, videoUrls: [], reason: '' }, [
				'videoUrl',
				'videoUrls',
			]),
		).toStrictEqual({
			taskId: 't',
			status: 'processing',
			videoUrl: null,
			videoUrls: [],
			reason: '',
		});
	});

	it('does not change the item it is given', () => {
		const json = { taskId: 't', status: 'queued', params: 'x' };
		simplifyTaskJson(json, []);
		expect(json).toStrictEqual({ taskId: 't', status: 'queued', params: 'x' });
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

	it('names the video view of the Image to Video node by the same rule', () => {
		const view = toTaskView({ task_id: 't', status: 3, result: JSON.stringify({ video_path: [VIDEO] }) });
		for (const key of urlFieldsOf({ outputKind: 'video', files: [] })) expect(view).toHaveProperty(key);
	});
});
