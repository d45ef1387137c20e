/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * Every API failure the contract names, through n8n-core against the fake: the node fails with a NodeApiError that
 * carries Tomoviee's code and message, a hint, and (once the task exists) the task id.
 */
import { CREATE_RETRY_BUDGET } from '../../nodes/Tomoviee/domain/retryPolicy';
import { createTaskDirectly, errorOf, runNode, submitParameters, useFake } from './support';

const fake = useFake();

/** Create and Wait with a short maximum wait, so that a retrying node still ends a persistent fault quickly. */
const SHORT_WAIT = submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 0.05 } });

function createdTaskId(): string {
	const created = fake.requests({ route: 'create' }).find((request) => request.taskId !== undefined);
	if (!created?.taskId) throw new Error('no task was created');
	return created.taskId;
}

describe('authentication failure (140013)', () => {
	it.each([200, 401, 403] as const)(
		'on HTTP %d: NodeApiError with the code and the key/secret hint',
		async (status) => {
			fake.configure({ authFailureStatus: status });
			const result = await runNode(fake, {
				parameters: submitParameters('create'),
				credentials: { appSecret: 'not-the-secret' },
			});

			const error = errorOf(result);
			expect(error.name).toBe('NodeApiError');
			expect(error.message).toBe('Tomoviee error 140013: unauthorized: Unauthorized');
			expect(error.description).toMatch(/check 'App Key' and 'App Secret'/);
			expect(error.context.itemIndex).toBe(0);
			if (status !== 200) expect(error.httpCode).toBe(String(status));
			expect(fake.requests({ route: 'create' })[0].authorized).toBe(false);
			expect(fake.tasks()).toEqual([]);
		},
	);

	it('on Get Status too, naming the task', async () => {
		const taskId = await createTaskDirectly(fake);
		fake.configure({ authFailureStatus: 401 });
		const result = await runNode(fake, {
			parameters: { operation: 'getStatus', taskId },
			credentials: { appKey: 'other-key' },
		});
		const error = errorOf(result);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain('140013');
		expect(error.message).toContain(taskId);
		expect(error.description).toMatch(/'App Key' and 'App Secret'/);
	});

	it('while waiting (a key revoked mid-task): the error keeps the task id', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'auth' }] });
		const result = await runNode(fake, { parameters: SHORT_WAIT });
		const error = errorOf(result);
		const taskId = createdTaskId();
		expect(error.message).toContain('140013');
		expect(error.message).toContain(taskId);
		expect(error.context.taskId).toBe(taskId);
		expect(error.description).toContain('Get Status');
	});
});

describe('account and capability errors on create', () => {
	it('insufficient balance: code, message and a top-up hint; no task', async () => {
		fake.configure({ createRejection: 'insufficientBalance' });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('createAndWait') }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe('Tomoviee error 680012: insufficient balance');
		expect(error.description).toMatch(/Top up your Tomoviee account balance/);
		expect(error.context.errorCode).toBe(680012);
		expect(fake.tasks()).toEqual([]);
		expect(fake.countRequests({ route: 'query' })).toBe(0);
	});

	it('capability not enabled: code, message and a hint to enable it', async () => {
		fake.configure({ createRejection: 'capabilityNotEnabled' });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('create') }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Tomoviee error 680013: permission denied/);
		expect(error.description).toMatch(/Enable the image-to-video capability/);
	});

	it("a 68xxxx validation error keeps Tomoviee's code and message", async () => {
		// A task id the fake does not know: the query answers 680011.
		const error = errorOf(
			await runNode(fake, { parameters: { operation: 'getStatus', taskId: 'tm_img2video_b-0-nope' } }),
		);
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Tomoviee error 680011: .*\[task tm_img2video_b-0-nope\]$/);
		expect(error.context.taskId).toBe('tm_img2video_b-0-nope');
	});
});

describe('a task that ends badly during Create and Wait', () => {
	it.each([
		['failed', '[fake:fail=content policy violation]', /failed: content policy violation$/],
		['cancelled', '[fake:cancel]', /was cancelled: /],
		['timed out', '[fake:timeout]', /timed out on Tomoviee's side: /],
	])('%s: error with the task id and the reason', async (_label, directive, message) => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: `a fox turns ${directive}` }],
		});
		const error = errorOf(result);
		const taskId = createdTaskId();
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain(`Tomoviee task ${taskId} `);
		expect(error.message).toMatch(message);
		expect(error.context.taskId).toBe(taskId);
		expect(error.context.reason).toBe(fake.taskData(taskId)?.reason);
		expect(result.output).toEqual([]);
	});

	it('failed for lack of balance: the hint says to top up', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox [fake:fail=insufficient balance]' }],
		});
		const error = errorOf(result);
		expect(error.message).toContain('insufficient balance');
		expect(error.description).toMatch(/Top up/);
	});

	it('succeeded without a video path: an error that says so, with the task id', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox [fake:novideo]' }],
		});
		const error = errorOf(result);
		const taskId = createdTaskId();
		expect(error.message).toContain(`task ${taskId} as succeeded but returned no video path`);
		expect(error.context.taskId).toBe(taskId);
	});

	it('an unparsable result: an error that says so, with the task id', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox [fake:badresult]' }],
		});
		const error = errorOf(result);
		const taskId = createdTaskId();
		expect(error.message).toContain(`task ${taskId} as succeeded but its result could not be parsed`);
		expect(error.context.taskId).toBe(taskId);
	});

	it('the same broken results on Get Status are errors too', async () => {
		fake.configure({ queueMs: 0, processingMs: 0 });
		const taskId = await createTaskDirectly(fake, 'a fox [fake:novideo]');
		await new Promise((resolve) => setTimeout(resolve, 50));
		const error = errorOf(await runNode(fake, { parameters: { operation: 'getStatus', taskId } }));
		expect(error.message).toContain('no video path');
		expect(error.context.taskId).toBe(taskId);
	});
});

describe('gateway and network failures', () => {
	it('HTTP 429 on create, persistently: tried again with backoff within its budget, then a rate-limit error', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http429', retryAfterSeconds: 0 }] });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('create') }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/429|too many requests/i);
		expect(error.httpCode).toBe('429');
		expect(fake.requests({ route: 'create' })).toHaveLength(CREATE_RETRY_BUDGET.maxAttempts);
		expect(fake.tasks()).toEqual([]);
	}, 30_000);

	it('HTTP 429 on create, twice: Retry-After honoured, the third attempt creates the one task', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http429', count: 2, retryAfterSeconds: 1 }] });
		const result = await runNode(fake, { parameters: submitParameters('create') });
		const creates = fake.requests({ route: 'create' });
		expect(creates.map((request) => request.fault ?? 'created')).toEqual(['http429', 'http429', 'created']);
		expect(creates[2].timeMs - creates[1].timeMs).toBeGreaterThanOrEqual(1000);
		expect(fake.tasks()).toHaveLength(1);
		expect(result.output[0].json.taskId).toBe(fake.tasks()[0].taskId);
	}, 20_000);

	it('a rate limit worded in Chinese on HTTP 200 (code 680027) on create and query: backs off, then succeeds', async () => {
		fake.configure({
			rateLimitAnswer: 'chinese200',
			faults: [
				{ target: 'create', kind: 'http429', count: 2 },
				{ target: 'query', kind: 'http429', count: 1 },
			],
		});
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait', { options: { pollIntervalSeconds: 1, maxWaitMinutes: 1 } }),
		});

		const creates = fake.requests({ route: 'create' });
		expect(creates.map((request) => request.fault ?? 'created')).toEqual(['http429', 'http429', 'created']);
		expect(fake.requests({ route: 'query' })[0].fault).toBe('http429');
		expect(fake.tasks()).toHaveLength(1);
		expect(result.executionStatus).toBe('success');
		expect(result.output[0].json).toMatchObject({ taskId: fake.tasks()[0].taskId, status: 'succeeded' });
	}, 20_000);

	it('HTTP 502 on create is not sent again (the task may exist) and the error says to check before rerunning', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http502' }] });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('create') }));
		expect(fake.requests({ route: 'create' })).toHaveLength(1);
		expect(error.description).toMatch(/may have created the task/);
	});

	it('HTTP 429 on every status query: the error names the task', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'http429', retryAfterSeconds: 0 }] });
		const error = errorOf(await runNode(fake, { parameters: SHORT_WAIT }));
		const taskId = createdTaskId();
		expect(error.message).toContain(taskId);
		expect(error.context.taskId).toBe(taskId);
		expect(
			fake.requests({ route: 'query' }).filter((request) => request.fault === 'http429').length,
		).toBeGreaterThanOrEqual(1);
	});

	it('HTTP 502 with an nginx page on create: the status and a short text without tags', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'http502' }] });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('create') }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Tomoviee's gateway answered HTTP 502: 502 Bad Gateway/);
		expect(error.message).toContain('nginx');
		expect(error.message).not.toMatch(/[<>]/);
		expect(error.httpCode).toBe('502');
		expect(error.description).toMatch(/temporary/);
	});

	it('HTTP 502 on every status query: the error names the task and how to pick it up', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'http502' }] });
		const error = errorOf(await runNode(fake, { parameters: SHORT_WAIT }));
		const taskId = createdTaskId();
		expect(error.message).toContain(taskId);
		expect(error.message).not.toMatch(/[<>]/);
		expect(error.description).toContain('Get Status');
	});

	it('connection reset on create: a network error naming the reset', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'reset' }] });
		const error = errorOf(await runNode(fake, { parameters: submitParameters('create') }));
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toMatch(/^Could not reach Tomoviee/);
		expect(error.message).toMatch(/ECONNRESET|socket/i);
	});

	it('connection reset on every status query: the error names the task', async () => {
		fake.configure({ faults: [{ target: 'query', kind: 'reset' }] });
		const error = errorOf(await runNode(fake, { parameters: SHORT_WAIT }));
		const taskId = createdTaskId();
		expect(error.message).toContain(taskId);
		expect(error.context.taskId).toBe(taskId);
	});

	it('a slow answer within the request timeout still succeeds', async () => {
		fake.configure({ faults: [{ target: 'create', kind: 'slow', delayMs: 800 }] });
		const result = await runNode(fake, { parameters: submitParameters('create') });
		expect(result.executionStatus).toBe('success');
		expect(result.output[0].json.taskId).toBe(createdTaskId());
	});
});

describe('stopping at the first failure (no continueOnFail)', () => {
	it('names the tasks still running so that none is lost', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('createAndWait'),
			items: [{ prompt: 'a fox [fake:fail=broken frame]' }, { prompt: 'a cat [fake:duration=60000]' }],
		});
		const error = errorOf(result);
		const [failedId, runningId] = fake.requests({ route: 'create' }).map((request) => request.taskId as string);
		expect(error.message).toContain(failedId);
		expect(error.context.itemIndex).toBe(0);
		expect(error.description).toContain(runningId);
		expect(error.description).toContain('Get Status');
	});

	it('Create: a refused create names the tasks the earlier items created', async () => {
		const result = await runNode(fake, {
			parameters: submitParameters('create'),
			items: [{ prompt: 'a fox' }, { prompt: 'a cat' }, { prompt: 'a dog [fake:balance]' }],
		});
		const error = errorOf(result);
		const createdIds = fake.tasks().map((task) => task.taskId);
		expect(createdIds).toHaveLength(2);
		expect(error.message).toContain('680012');
		expect(error.context.itemIndex).toBe(2);
		expect(error.context.otherTaskIds).toEqual(createdIds);
		for (const taskId of createdIds) expect(error.description).toContain(taskId);
	});
});
