/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * "Ready for real keys": what Tomoviee's docs allow that a naive client breaks on, through n8n-core against the fake.
 * Query codes that are the task's error code, undocumented statuses, a redirecting gateway, messages that merely
 * contain "rate", run-time bounds from expressions, the download's size cap, and a stop while a create is in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { startNodeWorkflow } from '../harness';
import {
	createTaskDirectly,
	credentialsFor,
	errorOf,
	jsonOf,
	runNode,
	submitParameters,
	until,
	useFake,
	waitForFakeStatus,
} from './support';

const fake = useFake();

describe('a status answer whose code is the task error code, with the task in data', () => {
	it.each(['none', 'query'] as const)(
		'Get Status outputs the failed task with errorCode (data as string: %s)',
		async (dataAsString) => {
			const taskId = await createTaskDirectly(fake, 'a fox [fake:fail=content moderation failed]');
			await waitForFakeStatus(fake, taskId, 4);
			fake.configure({ failedTaskAnswer: 'taskErrorCode', dataAsString });

			const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId } });

			expect(result.executionStatus).toBe('success');
			expect(jsonOf(result)[0]).toMatchObject({
				taskId,
				status: 'failed',
				statusCode: 4,
				reason: 'content moderation failed',
				errorCode: 680301,
				videoUrl: null,
			});
		},
	);

	it('Create and Wait fails the item as for a code-0 failed task: reason, task id and status in the error', async () => {
		fake.configure({ failedTaskAnswer: 'taskErrorCode' });
		const error = errorOf(
			await runNode(fake, {
				parameters: submitParameters('createAndWait'),
				items: [{ prompt: 'a fox [fake:fail=content moderation failed]' }],
			}),
		);
		const taskId = fake.tasks()[0].taskId;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(`Tomoviee task ${taskId} failed: content moderation failed`);
		expect(error.context).toMatchObject({ taskId, taskStatus: 'failed', reason: 'content moderation failed' });
	});

	it('a non-zero code without a task in data stays an API error', async () => {
		const error = errorOf(
			await runNode(fake, { parameters: { operation: 'getStatus', taskId: 'tm_img2video_b-0-nosuchtask' } }),
		);
		expect(error.message).toMatch(/^Tomoviee error 680011: task not found/);
	});
});

describe('an undocumented status value', () => {
	it('Get Status outputs status "unknown" with the raw statusCode instead of failing', async () => {
		fake.configure({ runningStatusCode: 7 });
		const taskId = await createTaskDirectly(fake, 'a fox [fake:duration=60000]');
		const result = await runNode(fake, { parameters: { operation: 'getStatus', taskId } });
		expect(result.executionStatus).toBe('success');
		expect(jsonOf(result)[0]).toMatchObject({ taskId, status: 'unknown', statusCode: 7 });
	});

	it('Create and Wait keeps polling through it and outputs the video', async () => {
		fake.configure({ runningStatusCode: 0 });
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox [fake:duration=1500]' }],
		});
		expect(result.executionStatus).toBe('success');
		const taskId = fake.tasks()[0].taskId;
		expect(jsonOf(result)[0]).toMatchObject({ taskId, status: 'succeeded', videoUrl: fake.videoUrl(taskId) });
		expect(fake.requests({ route: 'query' }).length).toBeGreaterThanOrEqual(2);
	});
});

describe('a gateway that redirects', () => {
	let elsewhere: http.Server;
	let elsewhereUrl = '';
	const received: Array<{ url?: string; headers: http.IncomingHttpHeaders }> = [];

	beforeAll(async () => {
		// Another host that would happily invent a task: it must never be asked.
		elsewhere = http.createServer((request, response) => {
			received.push({ url: request.url, headers: request.headers });
			request.resume();
			response.writeHead(200, { 'content-type': 'application/json' });
			response.end(JSON.stringify({ code: 0, msg: '', data: { task_id: 'tm-invented-elsewhere', status: 3 } }));
		});
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
	});
	afterEach(() => {
		received.length = 0;
	});
	afterAll(async () => {
		elsewhere.closeAllConnections();
		await new Promise((resolve) => elsewhere.close(resolve));
	});

	it.each([307, 302] as const)(
		'on create (HTTP %d): not followed, no credentials sent there, the host named',
		async (redirectStatus) => {
			fake.configure({ faults: [{ target: 'create', kind: 'redirect', redirectStatus, location: elsewhereUrl }] });
			const result = await runNode(fake, { parameters: submitParameters('create') });
			const error = errorOf(result);
			expect(error.message).toContain(`HTTP ${redirectStatus}, a redirect to ${new URL(elsewhereUrl).host}`);
			expect(error.message).toContain('credentials were not sent there');
			expect(received).toEqual([]);
			expect(JSON.stringify(result.output)).not.toContain('tm-invented-elsewhere');
			expect(fake.createRequestCount()).toBe(1);
		},
	);

	it('on a status query (HTTP 307): the task id is kept, nothing read from the other host', async () => {
		const taskId = await createTaskDirectly(fake);
		fake.configure({ faults: [{ target: 'query', kind: 'redirect', location: elsewhereUrl }] });
		const error = errorOf(await runNode(fake, { parameters: { operation: 'getStatus', taskId } }));
		expect(error.message).toContain('a redirect to');
		expect(error.context.taskId).toBe(taskId);
		expect(received).toEqual([]);
	});
});

describe('error messages that contain "rate" but are no rate limit', () => {
	it('a create refused with "Failed to generate video" is sent once and fails with its message', async () => {
		fake.configure({ createRefusal: { code: 680100, msg: 'Failed to generate video' } });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('createAndWait') }));
		expect(error.message).toBe('Tomoviee error 680100: Failed to generate video');
		expect(error.description).not.toMatch(/Max Parallel Tasks/);
		expect(fake.createRequestCount()).toBe(1);
	});
});

describe('bounds enforced at run time, whatever an expression gives', () => {
	it.each([
		['Poll Interval (Seconds)', { pollIntervalSeconds: '={{ 0.2 }}' }, /at least 1/],
		['Max Wait (Minutes)', { maxWaitMinutes: '={{ 60 * 24 * 365 }}' }, /above 0 and at most 2880/],
		['Max Wait (Minutes)', { maxWaitMinutes: '={{ "soon" }}' }, /above 0 and at most 2880/],
		['Max Parallel Tasks', { maxParallelTasks: '={{ 5000 }}' }, /from 1 to 100/],
	])('refuses %s %j before any request, naming field and item', async (field, options, range) => {
		const error = errorOf(await runNode(fake, { parameters: submitParameters('createAndWait', { options }) }));
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(field);
		expect(error.message).toMatch(range);
		expect(error.context.itemIndex).toBe(0);
		expect(fake.countRequests()).toBe(0);
	});
});

describe('the download size cap', () => {
	it('stops a video past Max File Size with the task, the size reached and the option named', async () => {
		fake.configure({ videoSizeBytes: 300_000 });
		const taskId = await createTaskDirectly(fake);
		await waitForFakeStatus(fake, taskId, 3);
		const error = errorOf(
			await runNode(fake, { parameters: { operation: 'getStatus', taskId, returnAs: 'binary', maxFileSizeMb: 0.1 } }),
		);
		expect(error.message).toContain(`Could not download the video of Tomoviee task ${taskId}`);
		expect(error.message).toContain("larger than 'Max File Size (MB)' (0.1 MB): its size of 300000 bytes");
		expect(error.description).toContain('Max File Size (MB)');
		expect(error.context.taskId).toBe(taskId);
	});
});

describe('a stop while a create is on its way', () => {
	it('names the tasks already created and the create still in flight', async () => {
		// Item 0's create is answered at once; item 1's is held for 3 s, then made: the stop comes in between.
		fake.configure({ faults: [{ target: 'create', kind: 'slow', delayMs: 3000, skip: 1 }] });
		const running = startNodeWorkflow({
			node: { parameters: submitParameters('createAndWait') },
			items: [{ prompt: 'first [fake:duration=60000]' }, { prompt: 'second [fake:duration=60000]' }],
			credentials: credentialsFor(fake),
		});
		await until(() => fake.createRequestCount() >= 2, 'both creates');
		running.cancel();
		const result = await running.result;
		expect(result.executionStatus).toBe('canceled');
		const error = result.error as unknown as { message: string; description: string; context: Record<string, unknown> };
		const firstTaskId = fake.tasks()[0].taskId;
		expect(error.message).toContain(firstTaskId);
		// n8n aborts the request on Stop: Tomoviee may or may not have made the task, so the item is named.
		expect(error.description).toContain('Creates still in flight for item(s) 1 may have made tasks too');
		expect(error.context.itemsWithUncertainCreates).toEqual([1]);
	}, 20_000);
});
