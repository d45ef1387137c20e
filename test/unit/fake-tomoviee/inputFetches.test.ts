/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import axios from 'axios';
import { createHash } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	CREATE_PATH,
	QUERY_PATH,
	TaskStatus,
	startFakeTomoviee,
	type FakeTomoviee,
	type TaskData,
} from '../../fake-tomoviee';

/** The bytes the image server below serves as /cat.png. */
const IMAGE = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47]), Buffer.alloc(5000, 7)]);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let fake: FakeTomoviee;
let images: http.Server;
let imagesUrl: string;
/** Paths the image server was asked for. */
const served: string[] = [];
/** Milliseconds /slow.png waits before answering, and whether it has answered. */
let slowMs = 0;
let slowAnswered = false;

beforeAll(async () => {
	fake = await startFakeTomoviee({ queueMs: 10, processingMs: 40 });
	images = http.createServer((request, response) => {
		served.push(request.url ?? '');
		const send = () => void response.writeHead(200, { 'Content-Type': 'image/png' }).end(IMAGE);
		if (request.url === '/cat.png') send();
		else if (request.url === '/slow.png')
			setTimeout(() => {
				slowAnswered = true;
				send();
			}, slowMs);
		else response.writeHead(404).end('no such image');
	});
	await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
	imagesUrl = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await fake.close();
	images.closeAllConnections();
	await new Promise((resolve) => images.close(resolve));
});
beforeEach(() => {
	fake.reset();
	served.length = 0;
	slowAnswered = false;
});

async function createTask(image: string): Promise<string> {
	const response = await axios.post(
		`${fake.url}${CREATE_PATH}`,
		{ prompt: 'a cat', image },
		{ headers: fake.authHeaders() },
	);
	expect(response.data.code).toBe(0);
	return response.data.data.task_id as string;
}

async function query(taskId: string): Promise<TaskData> {
	const response = await axios.post(`${fake.url}${QUERY_PATH}`, { task_id: taskId }, { headers: fake.authHeaders() });
	return response.data.data as TaskData;
}

/** Queries until final; the attempt bound only keeps a broken fake from hanging the suite. */
async function finalState(taskId: string): Promise<{ final: TaskData; seen: TaskData[] }> {
	const seen: TaskData[] = [];
	for (let attempt = 0; attempt < 500; attempt += 1) {
		const data = await query(taskId);
		seen.push(data);
		if (data.status >= TaskStatus.Succeeded) return { final: data, seen };
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error(`task ${taskId} never ended`);
}

describe('fetchInputs (the service downloads every input URL it is given)', () => {
	it('is off by default: an image nobody serves still gives a success, and nothing is fetched', async () => {
		const taskId = await createTask(`${imagesUrl}/missing.png`);
		expect((await finalState(taskId)).final.status).toBe(TaskStatus.Succeeded);
		expect(served).toEqual([]);
		expect(fake.inputFetches()).toEqual([]);
	});

	it('downloads the image and records what it received; the task succeeds', async () => {
		fake.configure({ fetchInputs: 'loopback' });
		const taskId = await createTask(`${imagesUrl}/cat.png`);
		expect((await finalState(taskId)).final.status).toBe(TaskStatus.Succeeded);
		expect(served).toEqual(['/cat.png']);
		expect(fake.inputFetches()).toEqual([
			expect.objectContaining({
				taskId,
				field: 'image',
				url: `${imagesUrl}/cat.png`,
				statusCode: 200,
				contentType: 'image/png',
				bytes: IMAGE.length,
				sha256: sha256(IMAGE),
			}),
		]);
		expect(fake.inputFetches()[0].error).toBeUndefined();
	});

	it('fails the task (not the create) with the field, the URL and the answer when the image cannot be fetched', async () => {
		fake.configure({ fetchInputs: 'loopback' });
		const taskId = await createTask(`${imagesUrl}/missing.png`);
		const { final } = await finalState(taskId);
		expect(final.status).toBe(TaskStatus.Failed);
		expect(final.reason).toBe(`could not fetch 'image' (${imagesUrl}/missing.png): HTTP 404`);
		expect(fake.inputFetches()[0]).toMatchObject({ statusCode: 404, error: 'HTTP 404' });
	});

	it('fetches every input field of other capabilities too', async () => {
		fake.configure({ fetchInputs: 'loopback' });
		const body = { prompt: 'a cat', image: `${imagesUrl}/cat.png`, image_tail: `${imagesUrl}/gone.png` };
		const response = await axios.post(`${fake.url}/v1/open/capacity/application/tm_tail2video_b`, body, {
			headers: fake.authHeaders(),
		});
		const { final } = await finalState(response.data.data.task_id);
		expect(served.sort()).toEqual(['/cat.png', '/gone.png']);
		expect(final.status).toBe(TaskStatus.Failed);
		expect(final.reason).toContain(`could not fetch 'image_tail'`);
	});

	it("'loopback' refuses a remote host without any network request, and the task fails", async () => {
		fake.configure({ fetchInputs: 'loopback' });
		const taskId = await createTask('https://images.example.test/cat.png');
		const { final } = await finalState(taskId);
		expect(final.status).toBe(TaskStatus.Failed);
		expect(final.reason).toContain('images.example.test is not a loopback host');
		expect(fake.inputFetches()[0].statusCode).toBeUndefined();
	});

	it('keeps the task running until a slow download ends', async () => {
		fake.configure({ fetchInputs: 'loopback' });
		slowMs = 400;
		const taskId = await createTask(`${imagesUrl}/slow.png`);
		// Polled while the planned 50 ms run out long before the image comes: the task must not end before it does.
		const answeredWhenSeen: Array<{ status: number; answered: boolean; waitTime?: number }> = [];
		for (let attempt = 0; attempt < 500; attempt += 1) {
			const answered = slowAnswered;
			const data = await query(taskId);
			answeredWhenSeen.push({ status: data.status, answered, waitTime: data.wait_time });
			if (data.status >= TaskStatus.Succeeded) break;
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
		const final = answeredWhenSeen[answeredWhenSeen.length - 1];
		expect(final).toMatchObject({ status: TaskStatus.Succeeded, answered: true });
		expect(answeredWhenSeen.some((seen) => seen.status === TaskStatus.Processing && !seen.answered)).toBe(true);
		expect(answeredWhenSeen.every((seen) => (seen.waitTime ?? 0) >= 0)).toBe(true);
	});

	it('lists the downloads on the admin endpoint', async () => {
		fake.configure({ fetchInputs: 'loopback' });
		const taskId = await createTask(`${imagesUrl}/cat.png`);
		await finalState(taskId);
		const response = await axios.get(`${fake.url}/__fake/fetches`);
		expect(response.data.fetches).toEqual([expect.objectContaining({ taskId, sha256: sha256(IMAGE) })]);
	});
});
