import {
	TASK_ERROR_CODE_KEY,
	TaskResultError,
	isFinalStatus,
	mapTaskStatus,
	readTaskTiming,
	toTaskView,
} from '../../../nodes/Tomoviee/domain/taskView';

const TASK_ID = 'tm_img2video_b-0-2025080109295bd73652d4';
const VIDEO = 'https://tic-ai-storage.wondershare.com/a.mp4?Expires=1754809290&OSSAccessKeyId=k&Signature=s';

/** The contract's sample task object, with overrides. */
function task(overrides: Record<string, unknown> = {}): Record<string, unknown> {
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

function resultError(raw: Record<string, unknown>): TaskResultError {
	try {
		toTaskView(raw);
	} catch (error) {
		expect(error).toBeInstanceOf(TaskResultError);
		return error as TaskResultError;
	}
	throw new Error('toTaskView accepted the task');
}

describe('mapTaskStatus and isFinalStatus', () => {
	it.each([
		[1, 'queued', false],
		[2, 'processing', false],
		[3, 'succeeded', true],
		[4, 'failed', true],
		[5, 'cancelled', true],
		[6, 'timedOut', true],
	] as const)('status %d is %s (final: %s)', (code, status, final) => {
		expect(mapTaskStatus(code)).toBe(status);
		expect(isFinalStatus(status)).toBe(final);
	});

	it.each([0, 7, -1, 3.5])(
		'reads the undocumented status %d as unknown, which is not final (polling goes on)',
		(code) => {
			expect(mapTaskStatus(code)).toBe('unknown');
			expect(isFinalStatus('unknown')).toBe(false);
		},
	);
});

describe('toTaskView', () => {
	it('reads the contract sample: the JSON-string result becomes videoUrl, videoUrls, modelVersion, translatedPrompt', () => {
		expect(toTaskView(task({ params: '{"row":1}' }))).toStrictEqual({
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
	});

	it('accepts a result that is already an object', () => {
		const view = toTaskView(task({ result: { video_path: [VIDEO, `${VIDEO}&2`], model_version: 'M1' } }));
		expect(view.videoUrl).toBe(VIDEO);
		expect(view.videoUrls).toEqual([VIDEO, `${VIDEO}&2`]);
		expect(view.modelVersion).toBe('M1');
		expect(view.translatedPrompt).toBeNull();
	});

	it('skips empty and non-string entries of video_path', () => {
		const view = toTaskView(task({ result: JSON.stringify({ video_path: ['', 7, VIDEO] }) }));
		expect(view.videoUrl).toBe(VIDEO);
		expect(view.videoUrls).toEqual([VIDEO]);
	});

	it.each([
		['queued', 1],
		['processing', 2],
	])('a %s task has no video fields yet and ignores its empty result', (status, code) => {
		const view = toTaskView(task({ status: code, progress: 40, reason: '', result: '' }));
		expect(view).toMatchObject({ status, statusCode: code, progress: 40, videoUrl: null, videoUrls: [] });
		expect(view.modelVersion).toBeNull();
		expect(view.translatedPrompt).toBeNull();
	});

	it.each([
		['failed', 4, 'content policy'],
		['cancelled', 5, 'closed by user'],
		['timedOut', 6, 'generation timed out'],
	])('a %s task keeps its reason and needs no result', (status, code, reason) => {
		const view = toTaskView(task({ status: code, progress: 0, reason, result: '' }));
		expect(view).toMatchObject({ taskId: TASK_ID, status, statusCode: code, reason, videoUrl: null });
	});

	it('reads `process` when `progress` is missing (the docs table name)', () => {
		const raw = task({ status: 2, result: '', process: 37 });
		delete raw.progress;
		expect(toTaskView(raw).progress).toBe(37);
	});

	it('prefers `progress` when both are present', () => {
		expect(toTaskView(task({ status: 2, result: '', progress: 60, process: 10 })).progress).toBe(60);
	});

	it('reads numbers sent as strings', () => {
		const view = toTaskView(task({ status: '2', progress: '15', result: '' }));
		expect(view.status).toBe('processing');
		expect(view.statusCode).toBe(2);
		expect(view.progress).toBe(15);
	});

	it('defaults progress to 100 for a success and 0 otherwise when neither field is sent', () => {
		const succeeded = task();
		delete succeeded.progress;
		expect(toTaskView(succeeded).progress).toBe(100);
		const queued = task({ status: 1, result: '' });
		delete queued.progress;
		expect(toTaskView(queued).progress).toBe(0);
	});

	it('outputs an unknown status code as status "unknown" with the raw statusCode, without reading a result', () => {
		const view = toTaskView(task({ status: 9, result: '' }));
		expect(view).toMatchObject({ taskId: TASK_ID, status: 'unknown', statusCode: 9, videoUrl: null });
	});

	it("keeps the query's error code (set by the transport) as errorCode, and leaves it out otherwise", () => {
		const failed = toTaskView(
			task({ status: 4, result: '', reason: 'content moderation failed', [TASK_ERROR_CODE_KEY]: 680301 }),
		);
		expect(failed).toMatchObject({ status: 'failed', reason: 'content moderation failed', errorCode: 680301 });
		expect(toTaskView(task())).not.toHaveProperty('errorCode');
	});

	it('refuses a task without status', () => {
		const raw = task();
		delete raw.status;
		const error = resultError(raw);
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toContain('no status');
	});

	it('refuses an unparsable result on success, naming the task', () => {
		const error = resultError(task({ result: '{"video_path":["https://x/a.mp4"' }));
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toContain(TASK_ID);
		expect(error.message).toContain('could not be parsed');
	});

	it('refuses a result that is JSON but not an object', () => {
		expect(resultError(task({ result: '["https://x/a.mp4"]' })).message).toContain('could not be parsed');
	});

	it.each([
		['an empty video_path', JSON.stringify({ video_path: [] })],
		['no video_path', JSON.stringify({ model_version: 'x' })],
		['only empty strings', JSON.stringify({ video_path: [''] })],
		['video_path as a string', JSON.stringify({ video_path: 'https://x/a.mp4' })],
	])('refuses a success with %s, naming the task', (_label, result) => {
		const error = resultError(task({ result }));
		expect(error.taskId).toBe(TASK_ID);
		expect(error.message).toBe(`Tomoviee reported task ${TASK_ID} as succeeded but returned no video path`);
	});

	it.each([[''], ['  '], [null], [undefined]])('refuses a success whose result is %j', (result) => {
		expect(resultError(task({ result })).message).toContain('returned no result');
	});

	it('leaves modelVersion and translatedPrompt null when they are not strings', () => {
		const view = toTaskView(task({ result: JSON.stringify({ video_path: [VIDEO], model_version: 5 }) }));
		expect(view.modelVersion).toBeNull();
		expect(view.translatedPrompt).toBeNull();
	});

	it('turns missing reason and params into empty strings', () => {
		const raw = task();
		delete raw.reason;
		delete raw.params;
		const view = toTaskView(raw);
		expect(view.reason).toBe('');
		expect(view.params).toBe('');
	});
});

describe('readTaskTiming', () => {
	it('reads queue position and estimated wait while queued', () => {
		expect(readTaskTiming({ position: 3, wait_time: 42 })).toEqual({ queuePosition: 3, estimatedWaitSeconds: 42 });
	});

	it('drops position -1 and missing values', () => {
		expect(readTaskTiming({ position: -1 })).toEqual({});
		expect(readTaskTiming({})).toEqual({});
	});
});
