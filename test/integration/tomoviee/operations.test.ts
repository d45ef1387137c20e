/**
 * Every operation of the Tomoviee node end to end: n8n-core runs the built node against the fake Tomoviee API, which
 * validates each capability's body with its own table and answers with each capability's result keys.
 */
import { createPathOf } from '../../fake-tomoviee';
import { errorOf, expectAuthHeaders, jsonOf, servedFile, useFake, waitForFakeStatus } from '../support';
import { IMAGE_URL, OPERATIONS, operationCase } from '../../fixtures/generationOperations';
import { generation, runTomoviee } from './support';

const fake = useFake();

describe.each(OPERATIONS)('$resource > $operation', (operation) => {
	it(`Create and Wait sends ${operation.capability} the client's body and outputs the ${operation.kind} URL`, async () => {
		const result = await runTomoviee(fake, { parameters: generation(operation) });

		expect(result.executionStatus).toBe('success');
		const creates = fake.requests({ route: 'create' });
		expect(creates).toHaveLength(1);
		expect(creates[0].path).toBe(createPathOf(operation.capability));
		expect(creates[0].body).toStrictEqual(operation.body);
		expectAuthHeaders(fake, creates[0].headers);
		const taskId = creates[0].taskId as string;
		const urls = result.output[0]?.json[`${operation.kind}Urls`] as string[];
		expect(result.output).toEqual([
			{
				json: {
					taskId,
					capability: operation.capability,
					status: 'succeeded',
					statusCode: 3,
					progress: 100,
					reason: 'success',
					outputKind: operation.kind,
					[`${operation.kind}Url`]: urls[0],
					[`${operation.kind}Urls`]: [expect.any(String)],
					modelVersion: 'fake-L0-1',
					translatedPrompt: operation.fields.prompt,
					params: '',
				},
				pairedItem: { item: 0 },
			},
		]);
		const file = await servedFile(urls[0]);
		expect(file.status).toBe(200);
		expect(file.contentType).toMatch(new RegExp(`^${operation.kind}/`));
		expect(fake.queryRequestCount(taskId)).toBeGreaterThanOrEqual(1);
	});

	it('Create outputs the task id at once and queries nothing', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operation, { mode: 'create', options: { params: 'row-9' } }),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.body).toStrictEqual({ ...operation.body, params: 'row-9' });
		expect(jsonOf(result)).toEqual([
			{ taskId: create.taskId, capability: operation.capability, status: 'queued', params: 'row-9' },
		]);
		expect(fake.countRequests({ route: 'query' })).toBe(0);
	});
});

describe('fields beyond the defaults', () => {
	it('Text to Video sends every option set, and the Capability ID option changes the path', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('textToVideo'), {
				resolution: '1080p',
				aspectRatio: '9:16',
				cameraMove: 7,
				options: { pollIntervalSeconds: 1, capabilityId: 'tob_text2video_b', params: 'p' },
			}),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.path).toBe(createPathOf('tob_text2video_b'));
		expect(create.body).toStrictEqual({
			prompt: 'a red fox runs through snow',
			resolution: '1080p',
			duration: 5,
			aspect_ratio: '9:16',
			camera_move_index: 7,
			params: 'p',
		});
		expect(jsonOf(result)[0]).toMatchObject({
			taskId: expect.stringMatching(/^tob_text2video_b-0-/),
			capability: 'tob_text2video_b',
			outputKind: 'video',
		});
	});

	it('Text to Music makes several tracks and outputs every URL', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('textToMusic'), {
				durationSeconds: 95,
				trackCount: 3,
				options: { pollIntervalSeconds: 1, disableTranslation: true },
			}),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.body).toStrictEqual({ prompt: 'calm lo-fi piano', duration: 95, qty: 3, disable_translate: true });
		const json = jsonOf(result)[0];
		expect(json.audioUrls).toHaveLength(3);
		expect(json.audioUrl).toBe((json.audioUrls as string[])[0]);
	});

	it('Text to Sound Effect sends qty only when the Number of Sounds option is set', async () => {
		await runTomoviee(fake, { parameters: generation(operationCase('textToSoundEffect'), { mode: 'create' }) });
		await runTomoviee(fake, {
			parameters: generation(operationCase('textToSoundEffect'), {
				mode: 'create',
				durationSeconds: 180,
				options: { soundCount: 2 },
			}),
		});
		expect(fake.requests({ route: 'create' }).map((request) => request.body)).toEqual([
			{ prompt: 'a door creaks open', duration: 10 },
			{ prompt: 'a door creaks open', duration: 180, qty: 2 },
		]);
	});

	it.each(['image_path', 'both'] as const)(
		'Reference to Image reads the images when listed under %s',
		async (imageResultKey) => {
			fake.configure({ imageResultKey });
			const result = await runTomoviee(fake, {
				parameters: generation(operationCase('referenceToImage'), {
					controlType: '0',
					imageCount: 4,
					width: 512,
					height: 2048,
					controlIntensity: 0.8,
				}),
			});

			expect(result.executionStatus).toBe('success');
			const [create] = fake.requests({ route: 'create' });
			expect(create.body).toStrictEqual({
				prompt: 'the same fox as a watercolor',
				reference_image: IMAGE_URL,
				control_type: '0',
				width: 512,
				height: 2048,
				batch_size: 4,
				control_intensity: 0.8,
			});
			const json = jsonOf(result)[0];
			expect(json.imageUrls).toHaveLength(4);
			expect(new Set(json.imageUrls as string[]).size).toBe(4);
		},
	);

	it('Redraw sends the mask when given', async () => {
		await runTomoviee(fake, {
			parameters: generation(operationCase('redraw'), { mode: 'create', maskUrl: 'https://images.example.com/m.png' }),
		});
		expect(fake.requests({ route: 'create' })[0].body).toStrictEqual({
			prompt: 'a starry sky',
			init_image: IMAGE_URL,
			mask_url: 'https://images.example.com/m.png',
		});
	});

	it('an item-dependent expression is read per item', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('textToMusic'), {
				mode: 'create',
				prompt: '={{ $json.mood }} piano',
				trackCount: '={{ $json.n }}',
			}),
			items: [
				{ mood: 'calm', n: 1 },
				{ mood: 'sad', n: 2 },
			],
		});
		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'create' }).map((request) => request.body)).toEqual([
			{ prompt: 'calm piano', duration: 30, qty: 1 },
			{ prompt: 'sad piano', duration: 30, qty: 2 },
		]);
	});
});

describe('Task > Get Status', () => {
	async function create(operation: string, overrides = {}): Promise<string> {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase(operation), { mode: 'create', ...overrides }),
		});
		return jsonOf(result)[0].taskId as string;
	}

	it("reads a running task of any capability with its kind's empty URL fields", async () => {
		fake.configure({ queueMs: 60_000 });
		const taskId = await create('textToSoundEffect');
		const result = await runTomoviee(fake, { parameters: { resource: 'task', operation: 'getStatus', taskId } });

		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result)).toEqual([
			{
				taskId,
				capability: 'tm_text2sfx',
				status: 'queued',
				statusCode: 1,
				progress: 0,
				reason: 'queuing',
				outputKind: 'audio',
				audioUrl: null,
				audioUrls: [],
				modelVersion: null,
				translatedPrompt: null,
				params: '',
			},
		]);
		expect(fake.requests({ route: 'query' }).map((request) => request.body)).toEqual([{ task_id: taskId }]);
	});

	it('reads finished tasks of several capabilities in one run, each named for its kind', async () => {
		const ids = [await create('redraw'), await create('textToMusic'), await create('imageToVideo')];
		for (const taskId of ids) await waitForFakeStatus(fake, taskId, 3);

		const result = await runTomoviee(fake, {
			parameters: { resource: 'task', operation: 'getStatus', taskId: '={{ $json.id }}' },
			items: ids.map((id) => ({ id })),
		});

		const [image, music, video] = jsonOf(result);
		expect(image).toMatchObject({
			capability: 'tm_redrawing',
			outputKind: 'image',
			imageUrl: expect.stringContaining('.png?'),
		});
		expect(music).toMatchObject({
			capability: 'tm_text2music',
			outputKind: 'audio',
			audioUrl: expect.stringContaining('.mp3?'),
		});
		expect(video).toMatchObject({ capability: 'tm_img2video_b', outputKind: 'video', videoUrl: fake.videoUrl(ids[2]) });
	});

	it('fails an unknown task with the API error, naming the task', async () => {
		const result = await runTomoviee(fake, {
			parameters: { resource: 'task', operation: 'getStatus', taskId: 'tm_text2music-0-000000000000ffffffffff' },
		});
		const error = errorOf(result);
		expect(error.message).toContain('680011');
		expect(error.message).toContain('tm_text2music-0-000000000000ffffffffff');
	});
});

describe('Custom Capability > Run', () => {
	function custom(capabilityId: string, body: string, overrides = {}) {
		return {
			resource: 'custom',
			operation: 'run',
			capabilityId,
			body,
			options: { pollIntervalSeconds: 1 },
			...overrides,
		};
	}

	it('sends the JSON body as written and outputs the URLs of every *_path key with the whole result', async () => {
		const result = await runTomoviee(fake, {
			parameters: custom('tm_text2speech', '{ "text": "Hello from n8n", "voice_id": "en-US-JennyNeural" }'),
		});

		expect(result.executionStatus).toBe('success');
		const [create] = fake.requests({ route: 'create' });
		expect(create.path).toBe(createPathOf('tm_text2speech'));
		expect(create.body).toStrictEqual({ text: 'Hello from n8n', voice_id: 'en-US-JennyNeural' });
		const json = jsonOf(result)[0];
		// The whole result object is output, and the URL fields come from its `audio_path` key.
		const resultObject = json.result as { audio_path: string[] };
		expect(json).toMatchObject({
			capability: 'tm_text2speech',
			status: 'succeeded',
			outputKind: 'audio',
			audioUrl: resultObject.audio_path[0],
			audioUrls: resultObject.audio_path,
		});
		expect(resultObject.audio_path).toHaveLength(1);
		const file = await servedFile(json.audioUrl);
		expect(file.status).toBe(200);
		expect(file.contentType).toMatch(/^audio\//);
	});

	it('outputs both kinds when a capability returns two (video scoring)', async () => {
		const result = await runTomoviee(fake, {
			parameters: custom('tm_video_scoring', '{"file_link": "https://v.example.com/clip.mp4", "prompt": "upbeat"}'),
		});
		const json = jsonOf(result)[0];
		expect(json).toMatchObject({
			outputKind: 'audio',
			audioUrl: expect.stringContaining('.mp3?'),
			videoUrl: expect.stringContaining('.mp4?'),
		});
		expect(json.audioUrls).toHaveLength(1);
		expect(json.videoUrls).toHaveLength(1);
	});

	it('reads a table capability run as custom like its operation does', async () => {
		const result = await runTomoviee(fake, {
			parameters: custom('tm_text2music', '{"prompt": "jazz", "duration": 20, "qty": 2}', { mode: 'create' }),
		});
		expect(jsonOf(result)).toEqual([
			{ taskId: expect.stringMatching(/^tm_text2music-0-/), capability: 'tm_text2music', status: 'queued' },
		]);
	});

	it("fails with Tomoviee's refusal of an unknown capability, advising to enable that capability", async () => {
		const result = await runTomoviee(fake, { parameters: custom('tm_not_a_capability', '{"prompt": "x"}') });
		const error = errorOf(result);
		expect(error.message).toBe(
			'Tomoviee error 680013: permission denied: capability tm_not_a_capability is not enabled for this app',
		);
		expect(error.description).toMatch(/Enable the capability tm_not_a_capability/);
		expect(error.description).not.toContain('tm_img2video_b');
	});

	it('passes the body field errors of the API through, naming the code', async () => {
		const result = await runTomoviee(fake, { parameters: custom('tm_text2speech', '{"voice_id": "x"}') });
		expect(errorOf(result).message).toBe('Tomoviee error 680025: invalid parameter: text must be a non-empty string');
	});
});
