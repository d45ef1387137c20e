/**
 * Create and Wait of the Tomoviee node on the image-to-video engine: batches bounded by Max Parallel Tasks, output
 * in item order, failed tasks and the maximum wait with their task ids, transient faults retried, and Wait Mode
 * Callback (first part through the harness, the resume played by callbackResume.ts).
 */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { fakeFileBytes } from '../../fake-tomoviee';
import { nodeOutputOf, useWaitingWebhookServer } from '../callbackResume';
import { credentialsFor, errorOf, jsonOf, useFake } from '../support';
import { operationCase } from '../../fixtures/generationOperations';
import { NODE_TYPE, generation, runTomoviee } from './support';
import { STATUS_OPERATION } from '../../../nodes/Tomoviee/domain/vocabulary';

jest.setTimeout(60_000);

const fake = useFake({ queueMs: 100, processingMs: 400 });
const waitingServer = useWaitingWebhookServer(() => credentialsFor(fake));

const music = operationCase('textToMusic');

/** For each create, how many of this node's tasks were already created and not yet final when it arrived. */
function inFlightAtEachCreate(): number[] {
	const creates = fake.requests({ route: 'create' }).filter((create) => create.taskId);
	return creates.map(
		(create) =>
			creates.filter((earlier) => {
				if (earlier.seq >= create.seq) return false;
				const task = fake.task(earlier.taskId as string);
				const endedAt = (task?.createdAtMs ?? 0) + (task?.queueMs ?? 0) + (task?.processingMs ?? 0);
				return endedAt > create.timeMs;
			}).length,
	);
}

describe('polling', () => {
	it('runs a batch with at most Max Parallel Tasks in flight and outputs in item order', async () => {
		const prompts = [
			'one [fake:duration=1500]',
			'two [fake:duration=300]',
			'three [fake:duration=300]',
			'four [fake:duration=300]',
		];
		const result = await runTomoviee(fake, {
			parameters: generation(music, {
				prompt: '={{ $json.prompt }}',
				options: { pollIntervalSeconds: 1, maxParallelTasks: 2 },
			}),
			items: prompts.map((prompt) => ({ prompt })),
		});

		expect(result.executionStatus).toBe('success');
		const created = fake.requests({ route: 'create' }).map((create) => create.taskId);
		expect(jsonOf(result).map((json) => json.taskId)).toEqual(
			prompts.map((prompt) => fake.tasks().find((task) => task.request.prompt === prompt)?.taskId),
		);
		expect(created).toHaveLength(4);
		expect(Math.max(...inFlightAtEachCreate())).toBeLessThanOrEqual(1);
		expect(
			jsonOf(result).every((json) => json.status === 'succeeded' && (json.audioUrls as string[]).length === 1),
		).toBe(true);
	});

	it('under Continue On Fail a failed task becomes an error item with its task id and reason', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('referenceToImage'), { prompt: '={{ $json.prompt }}' }),
			items: [{ prompt: 'good' }, { prompt: 'bad [fake:fail=content moderation failed]' }],
			continueOnFail: true,
		});

		const [good, bad] = jsonOf(result);
		const failedId = fake.tasks()[1].taskId;
		expect(good).toMatchObject({ status: 'succeeded', outputKind: 'image' });
		expect(bad).toMatchObject({
			taskId: failedId,
			error: `Tomoviee task ${failedId} failed: content moderation failed`,
		});
	});

	it('without it, the first failure stops the node and names the task still running', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(operationCase('textToVideo'), { prompt: '={{ $json.prompt }}' }),
			items: [{ prompt: 'long [fake:duration=5000]' }, { prompt: 'bad [fake:fail] [fake:duration=200]' }],
		});
		const error = errorOf(result);
		const [longTask, badTask] = fake.tasks();
		expect(error.message).toBe(`Tomoviee task ${badTask.taskId} failed: video generation failed`);
		expect(error.description).toContain(
			`Tasks still running at Tomoviee, to pick up with ${STATUS_OPERATION}: item 0: ${longTask.taskId}`,
		);
	});

	it('fails at the maximum wait, naming the task that goes on', async () => {
		const result = await runTomoviee(fake, {
			parameters: generation(music, {
				prompt: 'slow [fake:duration=30000]',
				options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.02 },
			}),
		});
		const error = errorOf(result);
		const taskId = fake.tasks()[0].taskId;
		expect(error.message).toMatch(
			new RegExp(`^Tomoviee task ${taskId} did not finish within the maximum wait of 0.02 minutes`),
		);
		expect(error.context.taskId).toBe(taskId);
	});

	it('retries a status query that met a gateway fault', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'http503', count: 1 }] });
		const result = await runTomoviee(fake, { parameters: generation(operationCase('redraw')) });
		expect(result.executionStatus).toBe('success');
		expect(fake.requests({ route: 'query' }).some((query) => query.fault === 'http503')).toBe(true);
		expect(fake.createRequestCount()).toBe(1);
	});
});

describe('Wait Mode Callback', () => {
	function callbackParameters(overrides: INodeParameters = {}, options: IDataObject = {}): INodeParameters {
		return generation(music, {
			waitMode: 'callback',
			options: { pollIntervalSeconds: 1, maxWaitMinutes: 5, ...options },
			...overrides,
		});
	}

	async function startWaiting(parameters: INodeParameters, items: IDataObject[], continueOnFail = false) {
		const first = await runTomoviee(fake, {
			parameters,
			items,
			continueOnFail,
			extra: { additionalData: { webhookWaitingBaseUrl: waitingServer.current.waitingBaseUrl } },
		});
		const finished =
			first.executionStatus === 'waiting'
				? waitingServer.current.track(first, parameters, continueOnFail, NODE_TYPE)
				: undefined;
		return { first, finished };
	}

	it("gives Tomoviee the resume URL as callback and resumes with polling mode's output", async () => {
		const polled = await runTomoviee(fake, { parameters: generation(music, { trackCount: 2 }) });
		fake.clearRequests();

		const { first, finished } = await startWaiting(callbackParameters({ trackCount: 2 }), [{}]);
		expect(first.executionStatus).toBe('waiting');
		const [create] = fake.requests({ route: 'create' });
		expect(create.body).toStrictEqual({
			prompt: 'calm lo-fi piano',
			duration: 30,
			qty: 2,
			callback: `${waitingServer.current.waitingBaseUrl}/${first.executionId}?signature=${first.run.data.resumeToken}`,
		});

		const run = await finished!;
		expect(run.status).toBe('success');
		const [item] = nodeOutputOf(run);
		const neutral = (json: IDataObject) => ({
			...json,
			taskId: '',
			audioUrl: '',
			audioUrls: (json.audioUrls as string[]).length,
		});
		expect(neutral(item.json)).toEqual(neutral(jsonOf(polled)[0]));
		expect(fake.requests({ route: 'query', taskId: create.taskId as string })).toHaveLength(1);
	});

	it('downloads every file on resume with Return As Binary File', async () => {
		const { finished } = await startWaiting(callbackParameters({ trackCount: 2, returnAs: 'binary' }), [{}]);
		const [item] = nodeOutputOf(await finished!);
		expect(Object.keys(item.binary ?? {})).toEqual(['data', 'data_1']);
		expect(item.binary?.data_1.mimeType).toBe('audio/mpeg');
		expect(
			Buffer.from(String(item.binary?.data.data), 'base64').equals(
				fakeFileBytes('audio', fake.switches.videoSizeBytes),
			),
		).toBe(true);
	});

	it('refuses the Callback URL option before creating any task', async () => {
		const { first } = await startWaiting(callbackParameters({}, { callbackUrl: 'https://example.com/hook' }), [{}]);
		expect(first.executionStatus).toBe('error');
		expect(String(first.error?.message)).toMatch(
			/'Callback URL' option cannot be used with 'Wait Mode' set to 'Callback'/,
		);
		expect(fake.countRequests()).toBe(0);
	});

	it('a failed task resumes the execution with the same error as polling mode', async () => {
		const { finished } = await startWaiting(callbackParameters({ prompt: 'piano [fake:fail=no credits left]' }), [{}]);
		const run = await finished!;
		expect(run.status).toBe('error');
		expect(run.data.resultData.error?.message).toBe(`Tomoviee task ${fake.tasks()[0].taskId} failed: no credits left`);
	});

	it('Custom Capability waits for its callback too and reads every *_path key', async () => {
		const parameters: INodeParameters = {
			resource: 'custom',
			operation: 'run',
			capabilityId: 'tm_video_scoring',
			body: '{"file_link": "https://v.example.com/clip.mp4"}',
			waitMode: 'callback',
			options: { maxWaitMinutes: 5 },
		};
		const { finished } = await startWaiting(parameters, [{}]);
		const [item] = nodeOutputOf(await finished!);
		expect(item.json).toMatchObject({
			capability: 'tm_video_scoring',
			audioUrl: expect.stringContaining('.mp3?'),
			videoUrl: expect.stringContaining('.mp4?'),
		});
		expect(item.json.result).toMatchObject({ audio_path: [item.json.audioUrl], video_path: [item.json.videoUrl] });
	});
});
