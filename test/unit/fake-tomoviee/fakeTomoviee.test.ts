/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import axios, { type AxiosResponse } from 'axios';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	CREATE_PATH,
	FakeErrorCode,
	QUERY_PATH,
	TaskStatus,
	fakeVideoBytes,
	startFakeTomoviee,
	type FakeTomoviee,
	type TaskData,
} from '../../fake-tomoviee';
import { FaultPlan } from '../../fake-tomoviee/faults';

const VALID_BODY = { prompt: 'a cat walks across the room', image: 'https://images.example.test/cat.png' };

let fake: FakeTomoviee;

beforeAll(async () => {
	fake = await startFakeTomoviee({ queueMs: 20, processingMs: 80 });
});
afterAll(async () => {
	await fake.close();
});
beforeEach(() => {
	fake.reset();
});

async function post(path: string, body: unknown, headers = fake.authHeaders()): Promise<AxiosResponse> {
	return axios.post(`${fake.url}${path}`, body, { headers, validateStatus: () => true });
}

async function createTask(body: object = VALID_BODY): Promise<string> {
	const response = await post(CREATE_PATH, body);
	expect(response.data.code).toBe(0);
	return response.data.data.task_id as string;
}

async function queryTask(taskId: string): Promise<TaskData> {
	const response = await post(QUERY_PATH, { task_id: taskId });
	expect(response.data).toMatchObject({ code: 0, msg: 'success' });
	return response.data.data as TaskData;
}

/** Polls until the task is final; the attempt bound only keeps a broken fake from hanging the suite. */
async function queryUntilFinal(taskId: string): Promise<TaskData[]> {
	const seen: TaskData[] = [];
	for (let attempt = 0; attempt < 400; attempt += 1) {
		const data = await queryTask(taskId);
		seen.push(data);
		if (data.status >= TaskStatus.Succeeded) return seen;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`task ${taskId} never reached a final status`);
}

function parsedResult(data: TaskData): { model_version: string; translate_prompt: string; video_path: string[] } {
	return JSON.parse(data.result);
}

/** Downloads with the raw http client so a truncated body still tells how many bytes came. */
function download(
	url: string,
): Promise<{ statusCode: number; headers: http.IncomingHttpHeaders; body: Buffer; aborted: boolean }> {
	return new Promise((resolve, reject) => {
		http
			.get(url, { agent: false }, (response) => {
				const chunks: Buffer[] = [];
				let aborted = false;
				response.on('data', (chunk: Buffer) => chunks.push(chunk));
				response.on('aborted', () => (aborted = true));
				response.on('error', () => (aborted = true));
				response.on('close', () =>
					resolve({
						statusCode: response.statusCode ?? 0,
						headers: response.headers,
						body: Buffer.concat(chunks),
						aborted,
					}),
				);
			})
			.on('error', reject);
	});
}

describe('authentication', () => {
	it('answers 140013 on HTTP 401 by default when the credentials are missing or wrong (as the live gateway)', async () => {
		const missing = await post(CREATE_PATH, VALID_BODY, {});
		const wrongSecret = await post(CREATE_PATH, VALID_BODY, {
			Authorization: `Basic ${Buffer.from('test-app-key:nope').toString('base64')}`,
			'X-App-Key': 'test-app-key',
		});
		const missingAppKeyHeader = await post(
			QUERY_PATH,
			{ task_id: 'x' },
			{ Authorization: fake.authHeaders().Authorization },
		);
		for (const response of [missing, wrongSecret, missingAppKeyHeader]) {
			expect(response.status).toBe(401);
			expect(response.data).toEqual({ code: 140013, msg: 'unauthorized: Unauthorized', data: null });
		}
		expect(fake.tasks()).toHaveLength(0);
	});

	it.each([200, 403] as const)('carries the auth error on HTTP %d when switched', async (status) => {
		fake.configure({ authFailureStatus: status });
		const response = await post(CREATE_PATH, VALID_BODY, {});
		expect(response.status).toBe(status);
		expect(response.data.code).toBe(FakeErrorCode.Unauthorized);
	});
});

describe('unknown task and foreign host (what a credential test meets)', () => {
	it.each([200, 400, 404] as const)(
		'answers task not found (680011, in the envelope) on HTTP %d for an unknown task id when switched',
		async (status) => {
			fake.configure({ unknownTaskStatus: status });
			const response = await post(QUERY_PATH, { task_id: 'n8n-credential-test' });
			expect(response.status).toBe(status);
			expect(response.data).toEqual({ code: FakeErrorCode.TaskNotFound, msg: 'task not found', data: null });
			// A known task is still answered on HTTP 200.
			const taskId = await createTask();
			expect((await post(QUERY_PATH, { task_id: taskId })).status).toBe(200);
		},
	);

	it('still refuses a wrong key before looking for the task', async () => {
		fake.configure({ unknownTaskStatus: 404 });
		const response = await post(QUERY_PATH, { task_id: 'n8n-credential-test' }, {});
		expect(response.status).toBe(401);
		expect(response.data.code).toBe(FakeErrorCode.Unauthorized);
	});

	it("poses as an HTML page, a router's plain-text 404 or other JSON on every API path, keeping its admin endpoint", async () => {
		fake.configure({ foreignHost: 'htmlPage' });
		const html = await post(QUERY_PATH, { task_id: 'x' });
		expect(html.status).toBe(200);
		expect(html.headers['content-type']).toMatch(/^text\/html/);
		expect(String(html.data)).toMatch(/^<!DOCTYPE html>/);

		fake.configure({ foreignHost: 'plainText404' });
		const text = await post(CREATE_PATH, VALID_BODY);
		expect(text.status).toBe(404);
		expect(text.headers['content-type']).toMatch(/^text\/plain/);
		expect(text.data).toBe('404 page not found');

		fake.configure({ foreignHost: 'otherJson' });
		const json = await post(QUERY_PATH, { task_id: 'x' }, {});
		expect(json.status).toBe(200);
		expect(json.data).not.toHaveProperty('code');
		expect(fake.tasks()).toHaveLength(0);
		expect((await axios.get(`${fake.url}/__fake/health`)).data.ok).toBe(true);
	});
});

describe('create validation', () => {
	const cases: Array<[string, object, number]> = [
		['body that is not an object', [] as unknown as object, FakeErrorCode.BodyInvalid],
		['empty prompt', { ...VALID_BODY, prompt: '  ' }, FakeErrorCode.PromptInvalid],
		['missing image', { prompt: 'x' }, FakeErrorCode.ImageInvalid],
		['gif image', { ...VALID_BODY, image: 'https://x.test/a.gif' }, FakeErrorCode.ImageInvalid],
		['ftp image', { ...VALID_BODY, image: 'ftp://x.test/a.png' }, FakeErrorCode.ImageInvalid],
		['480p resolution', { ...VALID_BODY, resolution: '480p' }, FakeErrorCode.ResolutionInvalid],
		['duration 10', { ...VALID_BODY, duration: 10 }, FakeErrorCode.DurationInvalid],
		['aspect ratio 2:1', { ...VALID_BODY, aspect_ratio: '2:1' }, FakeErrorCode.AspectRatioInvalid],
		['camera move 0', { ...VALID_BODY, camera_move_index: 0 }, FakeErrorCode.CameraMoveInvalid],
		['camera move 47', { ...VALID_BODY, camera_move_index: 47 }, FakeErrorCode.CameraMoveInvalid],
		['camera move as string', { ...VALID_BODY, camera_move_index: '7' }, FakeErrorCode.CameraMoveInvalid],
		['null optional field', { ...VALID_BODY, camera_move_index: null }, FakeErrorCode.CameraMoveInvalid],
		['callback not a URL', { ...VALID_BODY, callback: 'not a url' }, FakeErrorCode.CallbackInvalid],
		['params not a string', { ...VALID_BODY, params: { a: 1 } }, FakeErrorCode.ParamsInvalid],
	];

	it.each(cases)('rejects %s with its 68xxxx code and data null', async (_name, body, code) => {
		const response = await post(CREATE_PATH, body);
		expect(response.status).toBe(200);
		expect(response.data).toEqual({ code, msg: expect.any(String), data: null });
		expect(String(code)).toMatch(/^68\d{4}$/);
	});

	it('accepts every optional field when valid', async () => {
		const body = {
			...VALID_BODY,
			image: 'http://images.example.test/cat.WEBP?x=1',
			resolution: '1080p',
			duration: 5,
			aspect_ratio: 'original',
			camera_move_index: 46,
			callback: 'http://127.0.0.1:9/hook',
			params: 'opaque',
		};
		const response = await post(CREATE_PATH, { ...body, prompt: 'x [fake:callback=never]' });
		expect(response.data).toEqual({
			code: 0,
			msg: '',
			data: { task_id: expect.stringMatching(/^tm_img2video_b-0-\d{12}[0-9a-f]{10}$/) },
		});
	});

	it('answers insufficient balance and capability-not-enabled when switched or asked by directive', async () => {
		fake.configure({ createRejection: 'capabilityNotEnabled' });
		const notEnabled = await post(CREATE_PATH, VALID_BODY);
		expect(notEnabled.data).toEqual({
			code: FakeErrorCode.CapabilityNotEnabled,
			msg: expect.stringContaining('permission'),
			data: null,
		});
		fake.configure({ createRejection: 'none' });
		const balance = await post(CREATE_PATH, { ...VALID_BODY, prompt: 'x [fake:balance]' });
		expect(balance.data).toEqual({ code: FakeErrorCode.InsufficientBalance, msg: 'insufficient balance', data: null });
		expect(fake.tasks()).toHaveLength(0);
	});
});

describe('task query', () => {
	it('answers task not found for an unknown task id', async () => {
		const response = await post(QUERY_PATH, { task_id: 'tm_img2video_b-0-000000000000deadbeef00' });
		expect(response.data).toEqual({ code: FakeErrorCode.TaskNotFound, msg: 'task not found', data: null });
	});

	it('shows a new long task as queued with a queue position and an empty result', async () => {
		const taskId = await createTask({ ...VALID_BODY, prompt: 'slow one [fake:duration=600000]', params: 'row-7' });
		const data = await queryTask(taskId);
		expect(data).toEqual({
			task_id: taskId,
			wsid: expect.any(Number),
			priority: 0,
			status: TaskStatus.Queued,
			reason: expect.any(String),
			progress: 0,
			position: 1,
			wait_time: expect.any(Number),
			delay: false,
			params: 'row-7',
			result: '',
		});
		expect(data.wait_time).toBeGreaterThan(0);
	});

	it('moves a task through non-decreasing statuses to success with a parsable result string', async () => {
		const taskId = await createTask({ ...VALID_BODY, prompt: 'a dog runs [fake:success]' });
		const seen = await queryUntilFinal(taskId);
		const statuses = seen.map((data) => data.status);
		expect([...statuses].sort()).toEqual(statuses);
		const final = seen[seen.length - 1];
		expect(final).toMatchObject({ status: TaskStatus.Succeeded, reason: 'success', progress: 100, position: -1 });
		expect(typeof final.result).toBe('string');
		const result = parsedResult(final);
		expect(result.translate_prompt).toBe('a dog runs');
		expect(result.model_version).toEqual(expect.any(String));
		expect(result.video_path).toHaveLength(1);
		expect(result.video_path[0]).toMatch(
			new RegExp(`^${fake.url}/storage/${taskId}\\.mp4\\?Expires=\\d+&OSSAccessKeyId=\\w+&Signature=[0-9a-f]{64}$`),
		);
		expect(fake.queryRequestCount(taskId)).toBe(seen.length);
		expect(fake.createRequestCount()).toBe(1);
	});

	it('mixes outcomes per task through prompt directives', async () => {
		const failed = await createTask({ ...VALID_BODY, prompt: 'x [fake:fail=content moderation]' });
		const cancelled = await createTask({ ...VALID_BODY, prompt: 'x [fake:cancel]' });
		const timedOut = await createTask({ ...VALID_BODY, prompt: 'x [fake:timeout]' });
		const noVideo = await createTask({ ...VALID_BODY, prompt: 'x [fake:novideo]' });
		const badResult = await createTask({ ...VALID_BODY, prompt: 'x [fake:badresult]' });
		const finalOf = async (taskId: string) => (await queryUntilFinal(taskId)).pop() as TaskData;

		expect(await finalOf(failed)).toMatchObject({
			status: TaskStatus.Failed,
			reason: 'content moderation',
			result: '',
		});
		expect((await finalOf(cancelled)).status).toBe(TaskStatus.Cancelled);
		expect((await finalOf(timedOut)).status).toBe(TaskStatus.TimedOut);
		expect(parsedResult(await finalOf(noVideo)).video_path).toEqual([]);
		const broken = await finalOf(badResult);
		expect(broken.status).toBe(TaskStatus.Succeeded);
		expect(() => JSON.parse(broken.result)).toThrow();
	});

	it('applies the global outcome switch to tasks without a directive', async () => {
		fake.configure({ outcome: 'fail', failureReason: 'gpu on fire' });
		const taskId = await createTask();
		expect((await queryUntilFinal(taskId)).pop()).toMatchObject({ status: TaskStatus.Failed, reason: 'gpu on fire' });
	});
});

describe('documented ambiguities', () => {
	it('returns data as a JSON string when switched', async () => {
		fake.configure({ dataAsString: 'both' });
		const created = await post(CREATE_PATH, VALID_BODY);
		expect(typeof created.data.data).toBe('string');
		const taskId = JSON.parse(created.data.data).task_id;
		const queried = await post(QUERY_PATH, { task_id: taskId });
		expect(typeof queried.data.data).toBe('string');
		expect(JSON.parse(queried.data.data).task_id).toBe(taskId);
	});

	it('reports progress under `process` when switched', async () => {
		fake.configure({ progressField: 'process' });
		const data = await queryTask(await createTask());
		expect(data).toHaveProperty('process');
		expect(data).not.toHaveProperty('progress');
	});
});

describe('account limit on tasks at once (maxConcurrentTasks)', () => {
	it('refuses a valid create past the limit like a rate limit, creating nothing, and takes it once a task ends', async () => {
		fake.configure({ maxConcurrentTasks: 2 });
		await createTask({ ...VALID_BODY, prompt: 'one [fake:duration=400]' });
		await createTask({ ...VALID_BODY, prompt: 'two [fake:duration=60000]' });

		const refused = await post(CREATE_PATH, { ...VALID_BODY, prompt: 'three' });
		expect(refused.status).toBe(429);
		expect(refused.headers['retry-after']).toBe('1');
		expect(refused.data).toMatchObject({ code: 429, data: null });
		expect(refused.data.msg).toMatch(/concurrent tasks.*2/);
		expect(fake.tasks()).toHaveLength(2);
		const logged = fake.requests({ route: 'create' });
		expect(logged.map((request) => request.refused)).toEqual([undefined, undefined, 'taskLimit']);
		expect(logged[2].taskId).toBeUndefined();

		// An invalid body still gets its validation error, not the limit.
		const invalid = await post(CREATE_PATH, { ...VALID_BODY, prompt: '' });
		expect(invalid.status).toBe(200);
		expect(invalid.data.code).toBe(FakeErrorCode.PromptInvalid);

		// The short task ends: its slot is free again.
		await new Promise((resolve) => setTimeout(resolve, 500));
		await createTask({ ...VALID_BODY, prompt: 'three again' });
		expect(fake.tasks()).toHaveLength(3);
	});

	it('has no limit by default', async () => {
		for (let index = 0; index < 5; index += 1)
			await createTask({ ...VALID_BODY, prompt: `item ${index} [fake:duration=60000]` });
		expect(fake.tasks()).toHaveLength(5);
	});
});

describe('hints (what the query tells about a running task)', () => {
	it('statusOnly: progress 0, position -1 and no wait_time while running; the final answer is unchanged', async () => {
		fake.configure({ hints: 'statusOnly' });
		const queued = await queryTask(await createTask({ ...VALID_BODY, prompt: 'slow [fake:duration=600000]' }));
		expect(queued).toMatchObject({ status: TaskStatus.Queued, progress: 0, position: -1 });
		expect(queued).not.toHaveProperty('wait_time');

		const taskId = await createTask();
		const seen = await queryUntilFinal(taskId);
		expect(seen.length).toBeGreaterThan(1);
		for (const running of seen.slice(0, -1)) {
			expect(running.progress).toBe(0);
			expect(running).not.toHaveProperty('wait_time');
		}
		const final = seen[seen.length - 1];
		expect(final).toMatchObject({ status: TaskStatus.Succeeded, progress: 100, wait_time: expect.any(Number) });
		expect(parsedResult(final).video_path).toHaveLength(1);
	});
});

describe('transport faults', () => {
	it('answers one query with a 503 HTML page, then recovers', async () => {
		const taskId = await createTask();
		fake.configure({ faults: [{ target: 'query', kind: 'http503', count: 1 }] });
		const failed = await post(QUERY_PATH, { task_id: taskId });
		expect(failed.status).toBe(503);
		expect(failed.headers['content-type']).toContain('text/html');
		expect(String(failed.data)).toContain('503');
		const recovered = await post(QUERY_PATH, { task_id: taskId });
		expect(recovered.data.code).toBe(0);
		expect(fake.requests({ route: 'query' }).map((request) => request.fault)).toEqual(['http503', undefined]);
	});

	it('rate-limits every second create with a Retry-After header before creating a task', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http429', every: 2, retryAfterSeconds: 7 }] });
		const first = await post(CREATE_PATH, VALID_BODY);
		const second = await post(CREATE_PATH, VALID_BODY);
		expect(first.data.code).toBe(0);
		expect(second.status).toBe(429);
		expect(second.headers['retry-after']).toBe('7');
		expect(fake.tasks()).toHaveLength(1);
	});

	it('words its rate limits in Chinese on HTTP 200 with rateLimitAnswer chinese200', async () => {
		fake.configure({ rateLimitAnswer: 'chinese200', faults: [{ target: 'create', kind: 'http429', count: 1 }] });
		const limited = await post(CREATE_PATH, VALID_BODY);
		expect(limited.status).toBe(200);
		expect(limited.data).toEqual({ code: FakeErrorCode.RateLimited, msg: '请求过于频繁，请稍后再试', data: null });
		expect(limited.headers['retry-after']).toBeUndefined();
		fake.configure({ faults: [], maxConcurrentTasks: 1 });
		expect((await post(CREATE_PATH, VALID_BODY)).data.code).toBe(0);
		expect((await post(CREATE_PATH, VALID_BODY)).data.code).toBe(FakeErrorCode.RateLimited);
		expect(fake.tasks()).toHaveLength(1);
	});

	it('can reset the connection after the task was created', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'reset', when: 'afterCreate', count: 1 }] });
		await expect(
			axios.post(`${fake.url}${CREATE_PATH}`, VALID_BODY, { headers: fake.authHeaders() }),
		).rejects.toMatchObject({
			code: expect.stringMatching(/ECONNRESET|ERR_BAD_RESPONSE|ECONNABORTED/),
		});
		expect(fake.tasks()).toHaveLength(1);
		expect(fake.requests({ route: 'create' })[0].taskId).toBe(fake.tasks()[0].taskId);
	});

	it('can answer slowly after the task was created, so a client that times out must not create another', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'slow', when: 'afterCreate', delayMs: 5000, count: 1 }] });
		await expect(
			axios.post(`${fake.url}${CREATE_PATH}`, VALID_BODY, { headers: fake.authHeaders(), timeout: 100 }),
		).rejects.toMatchObject({ code: 'ECONNABORTED' });
		expect(fake.tasks()).toHaveLength(1);
	});

	it('can fail authentication on 401 for one query only', async () => {
		const taskId = await createTask();
		fake.configure({ faults: [{ target: 'query', kind: 'auth', authStatus: 401, count: 1 }] });
		const refused = await post(QUERY_PATH, { task_id: taskId });
		expect(refused.status).toBe(401);
		expect(refused.data.code).toBe(FakeErrorCode.Unauthorized);
		expect((await post(QUERY_PATH, { task_id: taskId })).data.code).toBe(0);
	});

	it('draws the same fault sequence from the same seed', () => {
		const rule = { target: 'query' as const, kind: 'http502' as const, probability: 0.3, seed: 42 };
		const sequence = (plan: FaultPlan) => Array.from({ length: 50 }, () => plan.pick('query')?.kind ?? '-');
		const first = sequence(new FaultPlan([rule]));
		expect(sequence(new FaultPlan([rule]))).toEqual(first);
		expect(first).toContain('http502');
		expect(first).toContain('-');
	});
});

describe('video download', () => {
	async function succeededVideoUrl(prompt = 'x'): Promise<string> {
		const taskId = await createTask({ ...VALID_BODY, prompt });
		return parsedResult((await queryUntilFinal(taskId)).pop() as TaskData).video_path[0];
	}

	it('serves deterministic mp4 bytes with Content-Type and Content-Length', async () => {
		fake.configure({ videoSizeBytes: 100_000 });
		const video = await download(await succeededVideoUrl());
		expect(video.statusCode).toBe(200);
		expect(video.headers['content-type']).toBe('video/mp4');
		expect(video.headers['content-length']).toBe('100000');
		expect(video.body.equals(fakeVideoBytes(100_000))).toBe(true);
		expect(video.body.subarray(4, 8).toString('latin1')).toBe('ftyp');
	});

	it('truncates the body short of the advertised length when switched', async () => {
		const url = await succeededVideoUrl('x [fake:video=truncate] [fake:videosize=200000]');
		const video = await download(url);
		expect(video.headers['content-length']).toBe('200000');
		expect(video.aborted).toBe(true);
		expect(video.body.length).toBe(100_000);
		expect(video.body.equals(fakeVideoBytes(200_000).subarray(0, 100_000))).toBe(true);
	});

	it('refuses tampered signatures, expired URLs and missing objects', async () => {
		const url = await succeededVideoUrl();
		expect((await download(url.replace(/Signature=[0-9a-f]/, 'Signature=g'))).statusCode).toBe(403);
		fake.configure({ videoFailure: 'expired' });
		const expired = await download(url);
		expect(expired.statusCode).toBe(403);
		expect(expired.body.toString()).toContain('Request has expired');
		fake.configure({ videoFailure: 'notFound' });
		expect((await download(url)).statusCode).toBe(404);
	});

	it('streams a full 200 MB video', async () => {
		fake.configure({ videoSizeBytes: 200 * 1024 * 1024 });
		const url = await succeededVideoUrl();
		const expectedStart = fakeVideoBytes(4096);
		const received = await new Promise<{ bytes: number; start: Buffer }>((resolve, reject) => {
			http.get(url, { agent: false }, (response) => {
				let bytes = 0;
				const head: Buffer[] = [];
				response.on('data', (chunk: Buffer) => {
					if (bytes < 4096) head.push(chunk);
					bytes += chunk.length;
				});
				response.on('end', () => resolve({ bytes, start: Buffer.concat(head).subarray(0, 4096) }));
				response.on('error', reject);
			});
		});
		expect(received.bytes).toBe(200 * 1024 * 1024);
		// The mdat size in the header depends on the total size, so compare after it.
		expect(received.start.subarray(32).equals(expectedStart.subarray(32))).toBe(true);
	}, 60_000); // a guard for a busy shared machine, not a timing check
});

describe('callbacks', () => {
	let receiver: http.Server;
	let receiverUrl: string;
	let received: Array<{ path: string; method: string; text: string; body: TaskData }>;

	beforeAll(async () => {
		receiver = http.createServer((request, response) => {
			let text = '';
			request.on('data', (chunk) => (text += chunk));
			request.on('end', () => {
				const body = (text === '' ? undefined : JSON.parse(text)) as TaskData;
				received.push({ path: request.url ?? '', method: request.method ?? '', text, body });
				response.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
	});
	afterAll(async () => {
		await new Promise((resolve) => receiver.close(resolve));
	});
	beforeEach(() => {
		received = [];
	});

	async function waitForCallbacks(count: number): Promise<void> {
		for (
			let attempt = 0;
			attempt < 1000 && fake.callbacks().filter((c) => c.statusCode || c.error).length < count;
			attempt += 1
		) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	}

	it('posts the final task object to the callback URL once', async () => {
		const taskId = await createTask({ ...VALID_BODY, callback: `${receiverUrl}/hook/1`, params: 'ctx' });
		await waitForCallbacks(1);
		expect(received).toHaveLength(1);
		expect(received[0].path).toBe('/hook/1');
		expect(received[0].body).toMatchObject({
			task_id: taskId,
			status: TaskStatus.Succeeded,
			params: 'ctx',
			progress: 100,
		});
		expect(JSON.parse(received[0].body.result).video_path).toHaveLength(1);
	});

	it('calls by callbackMethod, with or without a body, and appends callbackQuery to the URL', async () => {
		fake.configure({
			callbackMethod: 'GET',
			callbackBody: 'empty',
			callbackQuery: { task_id: '{task_id}', status: '{status}', source: 'tomoviee' },
		});
		const getTask = await createTask({ ...VALID_BODY, callback: `${receiverUrl}/hook?signature=abc` });
		await waitForCallbacks(1);
		fake.configure({ callbackMethod: 'PUT', callbackBody: 'flat', callbackQuery: {} });
		const putTask = await createTask({ ...VALID_BODY, callback: `${receiverUrl}/put` });
		await waitForCallbacks(2);

		const getPath = `/hook?signature=abc&task_id=${getTask}&status=${TaskStatus.Succeeded}&source=tomoviee`;
		expect(received.map(({ path, method, text }) => ({ path, method, text: text === '' ? '' : 'body' }))).toEqual([
			{ path: getPath, method: 'GET', text: '' },
			{ path: '/put', method: 'PUT', text: 'body' },
		]);
		expect(received[1].body).toMatchObject({ task_id: putTask, status: TaskStatus.Succeeded });
		expect(fake.callbacks().map(({ method, url }) => ({ method, url }))).toEqual([
			{ method: 'GET', url: `${receiverUrl}${getPath}` },
			{ method: 'PUT', url: `${receiverUrl}/put` },
		]);
	});

	it('calls twice when asked by directive', async () => {
		await createTask({ ...VALID_BODY, prompt: 'x [fake:callback=twice]', callback: `${receiverUrl}/twice` });
		await waitForCallbacks(2);
		expect(received.map((call) => call.path)).toEqual(['/twice', '/twice']);
	});

	it('records how long the receiver took to answer, and gives up after callbackTimeoutMs', async () => {
		const taskId = await createTask({ ...VALID_BODY, callback: `${receiverUrl}/timed` });
		await waitForCallbacks(1);
		expect(fake.callbacks().find((c) => c.taskId === taskId)?.answeredMs).toEqual(expect.any(Number));

		const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
		const silent = http.createServer(() => undefined);
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		fake.configure({ callbackTimeoutMs: 200 });
		const silentTask = await createTask({
			...VALID_BODY,
			callback: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/never-answers`,
		});
		for (
			let attempt = 0;
			attempt < 400 && !fake.callbacks().find((c) => c.taskId === silentTask)?.error;
			attempt += 1
		) {
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		const delivery = fake.callbacks().find((c) => c.taskId === silentTask);
		expect(delivery).toMatchObject({ error: 'callback timed out' });
		expect(delivery?.answeredMs).toBeUndefined();
		warn.mockRestore();
		silent.closeAllConnections();
		await new Promise((resolve) => silent.close(resolve));
	});

	it('logs a failing receiver and keeps serving', async () => {
		const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
		const closedPort = await new Promise<number>((resolve) => {
			const probe = http.createServer().listen(0, '127.0.0.1', () => {
				const { port } = probe.address() as AddressInfo;
				probe.close(() => resolve(port));
			});
		});
		const taskId = await createTask({ ...VALID_BODY, callback: `http://127.0.0.1:${closedPort}/gone` });
		await waitForCallbacks(1);
		expect(fake.callbacks()[0]).toMatchObject({ taskId, error: expect.stringContaining('ECONNREFUSED') });
		expect(warn).toHaveBeenCalledWith(expect.stringContaining('/gone failed'));
		warn.mockRestore();
		expect((await queryTask(taskId)).status).toBe(TaskStatus.Succeeded);
	});
});

describe('admin endpoint', () => {
	it('changes switches over HTTP and redacts Authorization in the request log', async () => {
		const configured = await axios.post(`${fake.url}/__fake/config`, { dataAsString: 'create' });
		expect(configured.data.dataAsString).toBe('create');
		expect(typeof (await post(CREATE_PATH, VALID_BODY)).data.data).toBe('string');

		const log = await axios.get(`${fake.url}/__fake/requests?route=create`);
		expect(log.data.count).toBe(1);
		expect(log.data.requests[0].headers.authorization).toBe('[REDACTED]');
		expect(JSON.stringify(log.data)).not.toContain(fake.authHeaders().Authorization.slice(6));

		const tasks = await axios.get(`${fake.url}/__fake/tasks`);
		expect(tasks.data.tasks[0].data.task_id).toBe(tasks.data.tasks[0].taskId);

		const typo = await axios.post(`${fake.url}/__fake/config`, { dataAsStrin: 'x' }, { validateStatus: () => true });
		expect(typo.status).toBe(400);
		const badFault = await axios.post(
			`${fake.url}/__fake/config`,
			{ faults: [{ target: 'query', kind: 'http500' }] },
			{ validateStatus: () => true },
		);
		expect(badFault.status).toBe(400);
		expect(badFault.data.error).toContain('faults[0].kind');

		await axios.post(`${fake.url}/__fake/reset`);
		expect(fake.switches.dataAsString).toBe('none');
		expect(fake.tasks()).toHaveLength(0);
	});
});
