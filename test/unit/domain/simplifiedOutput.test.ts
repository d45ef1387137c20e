import {
	IMAGE_TO_VIDEO_RESULT,
	capabilityOutputJson,
	toCapabilityTaskView,
	urlFieldsOf,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { simplifyTaskJson } from '../../../nodes/Tomoviee/domain/simplifiedOutput';
import { TASK_ERROR_CODE_KEY } from '../../../nodes/Tomoviee/domain/taskView';

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

	it("simplifies the Image to Video node's output to the task id, status, video fields and error fields", () => {
		const simplified = (task: Record<string, unknown>) => {
			const view = toCapabilityTaskView(task, IMAGE_TO_VIDEO_RESULT);
			return simplifyTaskJson(
				capabilityOutputJson(view, IMAGE_TO_VIDEO_RESULT),
				urlFieldsOf(view, IMAGE_TO_VIDEO_RESULT),
			);
		};
		const result = JSON.stringify({ video_path: [VIDEO], model_version: 'v1', mask_path: ['m'] });
		expect(simplified({ task_id: 't', status: 3, params: 'row-1', result })).toStrictEqual({
			taskId: 't',
			status: 'succeeded',
			videoUrl: VIDEO,
			videoUrls: [VIDEO],
			reason: '',
		});
		expect(
			simplified({ task_id: 't', status: 4, reason: 'content moderation failed', [TASK_ERROR_CODE_KEY]: 680301 }),
		).toStrictEqual({
			taskId: 't',
			status: 'failed',
			videoUrl: null,
			videoUrls: [],
			reason: 'content moderation failed',
			errorCode: 680301,
		});
	});
});
