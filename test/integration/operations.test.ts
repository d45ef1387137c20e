/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/** Every operation end to end: n8n-core runs the built node, which talks over real sockets to the fake Tomoviee API. */
import {
	IMAGE_URL,
	createTaskDirectly,
	expectAuthHeaders,
	jsonOf,
	runNode,
	submitParameters,
	useFake,
	waitForFakeStatus,
} from './support';

const fake = useFake();

/** The view of a task the fake finished: its video, the fake's model version, the prompt without its directives. */
function succeededView(taskId: string, translatedPrompt: string, params: string) {
	return {
		taskId,
		status: 'succeeded',
		statusCode: 3,
		progress: 100,
		reason: 'success',
		videoUrl: fake.videoUrl(taskId),
		videoUrls: [fake.videoUrl(taskId)],
		modelVersion: 'fake-L0-1',
		translatedPrompt,
		params,
	};
}

describe('Create', () => {
	it('submits the minimal body with both auth headers and outputs the task id as queued', async () => {
		const result = await runNode(fake, { parameters: submitParameters('create') });

		expect(result.executionStatus).toBe('success');
		const creates = fake.requests({ route: 'create' });
		expect(creates).toHaveLength(1);
		expect(creates[0].body).toStrictEqual({
			prompt: 'a red fox turns its head, snow falls behind it',
			image: IMAGE_URL,
			resolution: '720p',
			duration: 5,
			aspect_ratio: 'original',
		});
		expectAuthHeaders(fake, creates[0].headers);
		expect(creates[0].authorized).toBe(true);
		expect(result.output).toEqual([{ json: { taskId: creates[0].taskId, status: 'queued' }, pairedItem: { item: 0 } }]);
		// Create does not wait: no status query.
		expect(fake.countRequests({ route: 'query' })).toBe(0);
	});

	it('sends every optional field that is set, under its API name, and passes params to the output', async () => {
		fake.configure({ callbackMode: 'never' });
		const result = await runNode(fake, {
			parameters: submitParameters('create', {
				resolution: '1080p',
				aspectRatio: '9:16',
				cameraMove: 7,
				options: { callbackUrl: 'http://127.0.0.1:9/tomoviee-done', params: '{"row":12}' },
			}),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.body).toStrictEqual({
			prompt: 'a red fox turns its head, snow falls behind it',
			image: IMAGE_URL,
			resolution: '1080p',
			duration: 5,
			aspect_ratio: '9:16',
			camera_move_index: 7,
			callback: 'http://127.0.0.1:9/tomoviee-done',
			params: '{"row":12}',
		});
		expect(jsonOf(result)).toEqual([{ taskId: create.taskId, status: 'queued', params: '{"row":12}' }]);
	});

	it('takes the camera move from an expression', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create', { cameraMove: '={{ $json.move }}' }),
			items: [{ prompt: 'a fox', move: 46 }],
		});
		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'create' })[0].body).toMatchObject({ camera_move_index: 46 });
	});

	it('reads a create answer whose data is a JSON string', async () => {
		fake.configure({ dataAsString: 'create' });
		const result = await runNode(fake, { parameters: submitParameters('create') });
		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result)[0].taskId).toBe(fake.requests({ route: 'create' })[0].taskId);
	});
});

describe('Get Status', () => {
	async function getStatus(taskId: string) {
		return await runNode(fake, {
			parameters: { operation: 'getStatus', taskId: '={{ $json.taskId }}' },
			items: [{ taskId }],
		});
	}

	it('reports a queued task with both auth headers and no video yet', async () => {
		fake.configure({ queueMs: 60_000 });
		const taskId = await createTaskDirectly(fake);

		const result = await getStatus(taskId);

		expect(result.executionStatus).toBe('success');
		expect(result.output).toEqual([
			{
				json: {
					taskId,
					status: 'queued',
					statusCode: 1,
					progress: 0,
					reason: 'queuing',
					videoUrl: null,
					videoUrls: [],
					modelVersion: null,
					translatedPrompt: null,
					params: 'row-7',
				},
				pairedItem: { item: 0 },
			},
		]);
		const queries = fake.requests({ route: 'query' });
		expect(queries).toHaveLength(1);
		expect(queries[0].body).toStrictEqual({ task_id: taskId });
		expectAuthHeaders(fake, queries[0].headers);
	});

	it('reports a processing task with its progress', async () => {
		fake.configure({ queueMs: 0, processingMs: 60_000 });
		const taskId = await createTaskDirectly(fake);
		await waitForFakeStatus(fake, taskId, 2);

		const [view] = jsonOf(await getStatus(taskId));

		expect(view).toMatchObject({ taskId, status: 'processing', statusCode: 2, videoUrl: null });
		expect(view.progress).toBeGreaterThanOrEqual(0);
		expect(view.progress).toBeLessThan(100);
	});

	it('reports a succeeded task with the video URL, model version and translated prompt', async () => {
		fake.configure({ queueMs: 0, processingMs: 10 });
		const taskId = await createTaskDirectly(fake, 'a fox runs [fake:success]');
		await waitForFakeStatus(fake, taskId, 3);

		const [view] = jsonOf(await getStatus(taskId));

		expect(view).toStrictEqual(succeededView(taskId, 'a fox runs', 'row-7'));
	});

	it('reports a failed task as its status (it is the answer, not an error) with the reason', async () => {
		fake.configure({ queueMs: 0, processingMs: 10 });
		const taskId = await createTaskDirectly(fake, 'a fox [fake:fail=content policy violation]');
		await waitForFakeStatus(fake, taskId, 4);

		const [view] = jsonOf(await getStatus(taskId));

		expect(view).toMatchObject({
			taskId,
			status: 'failed',
			statusCode: 4,
			reason: 'content policy violation',
			videoUrl: null,
		});
	});

	it('reads `process` instead of `progress` and data sent as a JSON string', async () => {
		fake.configure({ queueMs: 0, processingMs: 3000, progressField: 'process', dataAsString: 'query' });
		const taskId = await createTaskDirectly(fake);
		await waitForFakeStatus(fake, taskId, 2);
		await new Promise((resolve) => setTimeout(resolve, 600));

		const [view] = jsonOf(await getStatus(taskId));

		expect(view.status).toBe('processing');
		// 0.6 s into a 3 s task the answer carries progress above 0, under `process` only (the fake's own tests show
		// the switch drops `progress`): a node that read only `progress` would output 0.
		expect(view.progress).toBeGreaterThan(0);
	});
});

describe('Create and Wait', () => {
	it('creates, polls with both auth headers and outputs the finished video', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', {
				options: { pollIntervalSeconds: 1, params: 'order-55' },
			}),
			items: [{ prompt: 'a red fox turns its head [fake:success]' }],
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		const taskId = create.taskId as string;
		expect(fake.createRequestCount()).toBe(1);
		expect(result.output).toEqual([
			{ json: succeededView(taskId, 'a red fox turns its head', 'order-55'), pairedItem: { item: 0 } },
		]);
		const queries = fake.requests({ route: 'query' });
		expect(queries.length).toBeGreaterThanOrEqual(1);
		for (const query of queries) {
			expect(query.body).toStrictEqual({ task_id: taskId });
			expectAuthHeaders(fake, query.headers);
		}
	});

	it('keeps waiting through queued and processing answers until the task is final', async () => {
		fake.configure({ queueMs: 600, processingMs: 900 });
		const result = await runNode(fake, { parameters: submitParameters('createAndWait') });

		expect(result.executionStatus).toBe('success');
		const taskId = jsonOf(result)[0].taskId as string;
		expect(jsonOf(result)[0].status).toBe('succeeded');
		expect(fake.queryRequestCount(taskId)).toBeGreaterThanOrEqual(2);
	});

	it('serves a video URL that really downloads from the fake storage', async () => {
		const result = await runNode(fake, { parameters: submitParameters('createAndWait') });
		const response = await fetch(String(jsonOf(result)[0].videoUrl));
		expect(response.status).toBe(200);
		expect((await response.arrayBuffer()).byteLength).toBe(fake.switches.videoSizeBytes);
	});
});

describe('several items', () => {
	const prompts = ['first: a fox runs', 'second: a cat sleeps', 'third: a bird flies'];

	it('Create makes one task per item, in input order, with pairedItem', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create'),
			items: prompts.map((prompt) => ({ prompt })),
		});

		expect(result.executionStatus).toBe('success');
		const creates = fake.requests({ route: 'create' });
		expect(creates.map((request) => (request.body as { prompt: string }).prompt)).toEqual(prompts);
		expect(result.output).toEqual(
			creates.map((request, index) => ({
				json: { taskId: request.taskId, status: 'queued' },
				pairedItem: { item: index },
			})),
		);
		expect(new Set(jsonOf(result).map((json) => json.taskId)).size).toBe(3);
	});

	it('Create and Wait keeps input order and pairedItem when tasks finish in another order', async () => {
		// The first item takes longest, the last finishes first.
		const items = [
			{ prompt: `${prompts[0]} [fake:duration=2200]` },
			{ prompt: `${prompts[1]} [fake:duration=1200]` },
			{ prompt: `${prompts[2]} [fake:duration=100]` },
		];
		const result = await runNode(fake, { parameters: submitParameters('createAndWait'), items });

		expect(result.executionStatus).toBe('success');
		expect(fake.createRequestCount()).toBe(3);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(jsonOf(result).map((json) => json.translatedPrompt)).toEqual(prompts);
		for (const json of jsonOf(result)) {
			expect(json.status).toBe('succeeded');
			expect(json.videoUrl).toBe(fake.videoUrl(json.taskId as string));
		}
		const createdIds = fake.requests({ route: 'create' }).map((request) => request.taskId);
		expect(jsonOf(result).map((json) => json.taskId)).toEqual(createdIds);
	});

	it('Get Status answers each item for its own task id', async () => {
		fake.configure({ queueMs: 60_000 });
		const ids = [await createTaskDirectly(fake, 'one'), await createTaskDirectly(fake, 'two')];
		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId: '={{ $json.id }}' },
			items: ids.map((id) => ({ id })),
		});
		expect(jsonOf(result).map((json) => json.taskId)).toEqual(ids);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(fake.requests({ route: 'query' }).map((request) => request.taskId)).toEqual(ids);
	});
});
