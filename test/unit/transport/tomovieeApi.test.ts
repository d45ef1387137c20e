import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { TASK_ERROR_CODE_KEY } from '../../../nodes/Tomoviee/domain/taskView';
import {
	CREATE_MAY_EXIST_NOTE,
	createFailureToNodeApiError,
	describeTransportError,
	failureToNodeApiError,
	interpretAnswer,
	parseRetryAfterMs,
	taskFromOutcome,
	type ApiFailure,
	type HttpAnswer,
	type Outcome,
} from '../../../nodes/Tomoviee/transport/tomovieeApi';

const NODE: INode = {
	id: 'n1',
	name: 'Tomoviee',
	type: 'n8n-nodes-tomoviee.tomovieeImageToVideo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

const NGINX_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

function answer(statusCode: number, body: unknown, headers: Record<string, unknown> = {}): HttpAnswer {
	return { statusCode, headers, body };
}

function failureOf(outcome: Outcome): ApiFailure {
	if (outcome.ok) throw new Error(`expected a failure, got data ${JSON.stringify(outcome.data)}`);
	return outcome.failure;
}

describe('interpretAnswer', () => {
	it('returns data of a code 0 envelope', () => {
		expect(interpretAnswer(answer(200, { code: 0, msg: '', data: { task_id: 't-1' } }))).toEqual({
			ok: true,
			data: { task_id: 't-1' },
		});
	});

	it('parses data sent as a JSON string (the docs type it as a string)', () => {
		const outcome = interpretAnswer(answer(200, { code: 0, msg: '', data: '{"task_id":"t-2"}' }));
		expect(outcome).toEqual({ ok: true, data: { task_id: 't-2' } });
	});

	it('parses a whole envelope that arrives as text', () => {
		expect(interpretAnswer(answer(200, ' {"code":0,"data":{"task_id":"t-3"}} '))).toEqual({
			ok: true,
			data: { task_id: 't-3' },
		});
	});

	it('accepts code "0" as a string', () => {
		expect(interpretAnswer(answer(200, { code: '0', data: { task_id: 't' } })).ok).toBe(true);
	});

	it.each([200, 401, 403])('reads 140013 on HTTP %d as an auth failure with the key/secret hint', (statusCode) => {
		const failure = failureOf(
			interpretAnswer(answer(statusCode, { code: 140013, msg: 'unauthorized: Unauthorized', data: null })),
		);
		expect(failure.kind).toBe('auth');
		expect(failure.apiCode).toBe(140013);
		expect(failure.message).toBe('Tomoviee error 140013: unauthorized: Unauthorized');
		expect(failure.description).toMatch(/App Key and App Secret/);
		expect(failure.httpCode).toBe(statusCode === 200 ? undefined : statusCode);
	});

	it('reads 140013 in a text body on 401 too', () => {
		const failure = failureOf(interpretAnswer(answer(401, '{"code":140013,"msg":"unauthorized","data":null}')));
		expect(failure.kind).toBe('auth');
	});

	it('gives insufficient balance a top-up hint', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680012, msg: 'insufficient balance', data: null })));
		expect(failure).toMatchObject({ kind: 'api', apiCode: 680012, message: 'Tomoviee error 680012: insufficient balance' });
		expect(failure.description).toMatch(/Top up/);
	});

	it('gives a capability that is not enabled a hint to enable it', () => {
		const msg = 'permission denied: capability tm_img2video_b is not enabled for this app';
		const failure = failureOf(interpretAnswer(answer(200, { code: 680013, msg, data: null })));
		expect(failure).toMatchObject({ kind: 'api', apiCode: 680013 });
		expect(failure.message).toContain(msg);
		expect(failure.description).toMatch(/Enable the image-to-video capability/);
	});

	it('keeps code and msg of other 68xxxx errors', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680003, msg: 'image invalid', data: null })));
		expect(failure).toMatchObject({ kind: 'api', apiCode: 680003, message: 'Tomoviee error 680003: image invalid' });
	});

	it('says "no message" when msg is missing', () => {
		expect(failureOf(interpretAnswer(answer(200, { code: 680001 }))).message).toBe('Tomoviee error 680001: no message');
	});

	it.each([
		['a plain 429', undefined],
		["the gateway's JSON 429", { code: 429, msg: 'too many requests', data: null }],
	])('reads %s as rate limited with Retry-After in seconds', (_label, body) => {
		const failure = failureOf(interpretAnswer(answer(429, body, { 'retry-after': '3' })));
		expect(failure.kind).toBe('rateLimited');
		expect(failure.httpCode).toBe(429);
		expect(failure.retryAfterMs).toBe(3000);
	});

	it('reads a 429 Retry-After given as an HTTP date', () => {
		const at = new Date(Date.now() + 60_000).toUTCString();
		const failure = failureOf(interpretAnswer(answer(429, '', { 'retry-after': at })));
		expect(failure.kind).toBe('rateLimited');
		// Whole-second date resolution: somewhere within the minute ahead.
		expect(failure.retryAfterMs).toBeGreaterThan(55_000);
		expect(failure.retryAfterMs).toBeLessThanOrEqual(60_000);
	});

	it('reads a 429 without Retry-After as rate limited without a delay', () => {
		const failure = failureOf(interpretAnswer(answer(429, '')));
		expect(failure.kind).toBe('rateLimited');
		expect(failure.retryAfterMs).toBeUndefined();
	});

	it('reads a 502 HTML page as a server error with a short, tag-free snippet', () => {
		const failure = failureOf(interpretAnswer(answer(502, NGINX_502, { 'content-type': 'text/html' })));
		expect(failure.kind).toBe('serverError');
		expect(failure.httpCode).toBe(502);
		expect(failure.message).toBe("Tomoviee's gateway answered HTTP 502: 502 Bad Gateway 502 Bad Gateway nginx");
		expect(failure.message).not.toMatch(/[<>]/);
		expect(failure.description).toMatch(/temporary/);
	});

	it('cuts a long error body to a short snippet', () => {
		const failure = failureOf(interpretAnswer(answer(503, `<p>${'x'.repeat(5000)}</p>`)));
		expect(failure.kind).toBe('serverError');
		expect(failure.message.length).toBeLessThan(250);
	});

	it('reads a 404 as an HTTP error pointing at the gateway setting', () => {
		const failure = failureOf(interpretAnswer(answer(404, { message: 'no route' })));
		expect(failure.kind).toBe('httpError');
		expect(failure.description).toMatch(/gateway/);
	});

	it.each([
		['an HTML page', '<html><body>Welcome to nginx!</body></html>'],
		['plain text', 'OK'],
		['an empty body', ''],
		['a JSON array', [1, 2]],
		['an object without code', { data: { task_id: 'x' } }],
	])('refuses a 200 with %s as a bad response', (_label, body) => {
		const failure = failureOf(interpretAnswer(answer(200, body)));
		expect(failure.kind).toBe('badResponse');
		expect(failure.message).toMatch(/^Tomoviee answered HTTP 200 without its JSON envelope/);
		expect(failure.message).not.toMatch(/[<>]/);
	});
});

describe('parseRetryAfterMs', () => {
	const now = Date.parse('2026-01-01T00:00:00Z');

	it.each([
		['5', 5000],
		['0', 0],
		[2, 2000],
		['1.5', 1500],
		[['7', '9'], 7000],
	])('reads %j as %d ms', (header, ms) => {
		expect(parseRetryAfterMs(header, now)).toBe(ms);
	});

	it('reads an HTTP date relative to now', () => {
		expect(parseRetryAfterMs('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
	});

	it('never returns a negative delay for a past date', () => {
		expect(parseRetryAfterMs('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
	});

	it.each([[undefined], [null], ['soon'], [''], [{}], ['-3']])('ignores %j', (header) => {
		expect(parseRetryAfterMs(header, now)).toBeUndefined();
	});
});

describe('describeTransportError', () => {
	it('reads a reset as a network failure with its code', () => {
		const failure = describeTransportError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		expect(failure).toMatchObject({ kind: 'network', networkCode: 'ECONNRESET', message: 'Could not reach Tomoviee (ECONNRESET)' });
		expect(failure.description).toMatch(/gateway/);
	});

	it('finds the code on a wrapped cause', () => {
		const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
		const failure = describeTransportError(new Error('request failed', { cause }));
		expect(failure).toMatchObject({ kind: 'network', networkCode: 'ECONNREFUSED' });
	});

	it.each([
		['ETIMEDOUT', 'connect ETIMEDOUT'],
		['ECONNABORTED', 'timeout of 30000ms exceeded'],
		[undefined, 'timeout of 60000ms exceeded'],
	])('reads %s / %j as a timeout', (code, message) => {
		const failure = describeTransportError(Object.assign(new Error(message), code ? { code } : {}));
		expect(failure.kind).toBe('timeout');
		expect(failure.message).toBe('Tomoviee did not answer in time');
	});

	it('reads n8n\'s rewrite of an axios timeout ("The connection was aborted") as a timeout, not a cancel', () => {
		const cause = Object.assign(new Error('timeout of 10000ms exceeded'), { code: 'ECONNABORTED' });
		const wrapped = new Error('The connection was aborted, perhaps the server is offline', { cause });
		expect(describeTransportError(wrapped).kind).toBe('timeout');
	});

	it.each([
		['ERR_CANCELED', 'canceled'],
		[undefined, 'This operation was aborted'],
	])('reads %s / %j as cancelled', (code, message) => {
		const error = Object.assign(new Error(message), code ? { code } : {});
		expect(describeTransportError(error).kind).toBe('cancelled');
	});

	it('reads an unknown error as a network failure without a code', () => {
		expect(describeTransportError('weird')).toMatchObject({ kind: 'network', message: 'Could not reach Tomoviee' });
	});

	it("never repeats the error's own text, which can carry the request and its headers", () => {
		const leaky = Object.assign(new Error('failed: Authorization: Basic c2VjcmV0 appSecret=hunter2'), {
			code: 'ECONNRESET',
			config: { headers: { Authorization: 'Basic c2VjcmV0' } },
		});
		const serialized = JSON.stringify(describeTransportError(leaky));
		expect(serialized).not.toContain('c2VjcmV0');
		expect(serialized).not.toContain('hunter2');
	});
});

describe('failureToNodeApiError', () => {
	const failure: ApiFailure = {
		kind: 'rateLimited',
		message: 'Tomoviee is rate limiting this account (HTTP 429)',
		description: 'Too many requests',
		httpCode: 429,
		retryAfterMs: 2000,
	};

	it('names the item and keeps kind, delay and HTTP code for retries and continueOnFail', () => {
		const error = failureToNodeApiError(NODE, failure, { itemIndex: 2 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(failure.message);
		expect(error.description).toBe('Too many requests');
		expect(error.httpCode).toBe('429');
		expect(error.context).toMatchObject({ itemIndex: 2, failureKind: 'rateLimited', retryAfterMs: 2000 });
		expect(error.context.taskId).toBeUndefined();
	});

	it('puts a known task id in message, description (with the Get Status hint) and context', () => {
		const error = failureToNodeApiError(
			NODE,
			{ kind: 'api', apiCode: 680011, message: 'Tomoviee error 680011: task not found' },
			{ itemIndex: 0, taskId: 'tm-42' },
		);
		expect(error.message).toBe('Tomoviee error 680011: task not found [task tm-42]');
		expect(error.description).toContain('tm-42');
		expect(error.description).toContain('Get Status');
		expect(error.context).toMatchObject({ taskId: 'tm-42', apiCode: 680011, itemIndex: 0 });
	});
});

describe('failureToNodeApiError with socket codes', () => {
	it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT'])(
		'keeps its own message (with the task id) for %s instead of n8n\'s generic text',
		(networkCode) => {
			const failure = describeTransportError(Object.assign(new Error('socket hang up'), { code: networkCode }));
			const error = failureToNodeApiError(NODE, failure, { itemIndex: 1, taskId: 'tm-9' });
			expect(error.message).toBe(`${failure.message} [task tm-9]`);
			expect(error.description).toContain('tm-9');
		},
	);
});

describe('taskFromOutcome', () => {
	it('returns the task object', () => {
		expect(taskFromOutcome(NODE, { ok: true, data: { task_id: 'a', status: 1 } }, { itemIndex: 0 })).toEqual({
			task_id: 'a',
			status: 1,
		});
	});

	it.each([[null], ['text'], [[1]]])('refuses data %j with the task id', (data) => {
		expect(() => taskFromOutcome(NODE, { ok: true, data }, { itemIndex: 0, taskId: 'tm-1' })).toThrow(
			'Tomoviee answered the status query without a task object [task tm-1]',
		);
	});
});

describe('a status answer whose code is the task error code (get-result page)', () => {
	const failedTask = { task_id: 'tm-f', status: 4, reason: 'content moderation failed', progress: 0, result: '' };

	it.each([
		['an object', failedTask],
		['a JSON string', JSON.stringify(failedTask)],
	])('reads data as %s: the task, with the code kept for the output', (_, data) => {
		const outcome = interpretAnswer(answer(200, { code: 680301, msg: 'content moderation failed', data }), { taskInData: true });
		expect(outcome).toEqual({ ok: true, data: failedTask, apiCode: 680301, apiMessage: 'content moderation failed' });
		const task = taskFromOutcome(NODE, outcome, { itemIndex: 0, taskId: 'tm-f' });
		expect(task).toMatchObject({ task_id: 'tm-f', status: 4, reason: 'content moderation failed', [TASK_ERROR_CODE_KEY]: 680301 });
	});

	it("backs up an empty reason with the answer's msg", () => {
		const outcome = interpretAnswer(answer(200, { code: 680302, msg: 'task cancelled', data: { task_id: 't', status: 5, reason: '' } }), {
			taskInData: true,
		});
		expect(taskFromOutcome(NODE, outcome, { itemIndex: 0 })).toMatchObject({ reason: 'task cancelled', [TASK_ERROR_CODE_KEY]: 680302 });
	});

	it.each([
		['no data', null],
		['data without status', { task_id: 't' }],
		['empty data string', ''],
	])('stays an API error with %s', (_, data) => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680011, msg: 'task not found', data }), { taskInData: true }));
		expect(failure).toMatchObject({ kind: 'api', apiCode: 680011 });
	});

	it('stays an error for creates, where a non-zero code is always a refusal', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680301, msg: 'refused', data: failedTask })));
		expect(failure.apiCode).toBe(680301);
	});

	it('never reads the task out of an auth failure or an HTTP error', () => {
		expect(interpretAnswer(answer(200, { code: 140013, msg: 'unauthorized', data: failedTask }), { taskInData: true }).ok).toBe(false);
		expect(interpretAnswer(answer(500, { code: 680301, msg: 'x', data: failedTask }), { taskInData: true }).ok).toBe(false);
	});
});

describe('malformed codes and error kinds', () => {
	it.each([[null], [''], ['abc'], [{}], [true]])('reads code %j as a malformed answer, never a success', (code) => {
		const failure = failureOf(interpretAnswer(answer(200, { code, msg: '', data: { task_id: 't' } })));
		expect(failure.kind).toBe('badResponse');
		expect(failure.message).toMatch(/malformed envelope/);
	});

	it.each(['Failed to generate video', 'The prompt did not pass moderate review', 'inaccurate image description', 'Generation failed: separate subjects'])(
		'does not read %j as a rate limit: refused once, with its message',
		(msg) => {
			const failure = failureOf(interpretAnswer(answer(200, { code: 680100, msg, data: null })));
			expect(failure.kind).toBe('api');
			expect(failure.description).not.toMatch(/Max Parallel Tasks/);
		},
	);

	it.each(['rate limit exceeded', 'Too many requests', 'request too frequent', 'concurrent task limit reached', 'QPS limit', 'throttled'])(
		'reads %j as a rate limit',
		(msg) => {
			expect(failureOf(interpretAnswer(answer(200, { code: 680200, msg, data: null }))).kind).toBe('rateLimited');
		},
	);

	it.each([
		[400, /prompt, the image URL/],
		[413, /under 200 MB/],
		[422, /JPG, JPEG, PNG or WEBP/],
	])('points HTTP %d without an envelope at the input', (statusCode, hint) => {
		const failure = failureOf(interpretAnswer(answer(statusCode, 'Bad things')));
		expect(failure.kind).toBe('badInput');
		expect(failure.description).toMatch(hint);
		expect(failure.description).not.toMatch(/gateway/);
	});

	it.each([401, 403])('points HTTP %d without an envelope at the credential', (statusCode) => {
		const failure = failureOf(interpretAnswer(answer(statusCode, '<html>Forbidden</html>')));
		expect(failure.kind).toBe('auth');
		expect(failure.description).toMatch(/App Key and App Secret/);
	});

	it.each([301, 302, 307, 308])('reads HTTP %d as a redirect naming its host, not followed', (statusCode) => {
		const failure = failureOf(interpretAnswer(answer(statusCode, '', { location: 'http://evil.example:8080/v1/open/pub/task' })));
		expect(failure.kind).toBe('redirect');
		expect(failure.message).toContain('evil.example:8080');
		expect(failure.message).toMatch(/credentials were not sent there/);
	});
});

describe('createFailureToNodeApiError', () => {
	it.each([
		['timeout', { kind: 'timeout', message: 'x' }],
		['5xx', { kind: 'serverError', message: 'x', httpCode: 502 }],
		['a broken 2xx body', { kind: 'badResponse', message: 'x', httpCode: 200 }],
		['a reset', { kind: 'network', message: 'x', networkCode: 'ECONNRESET' }],
		['a cancelled execution', { kind: 'cancelled', message: 'x' }],
	] as Array<[string, ApiFailure]>)('after %s says the task may exist and how to find it', (_, failure) => {
		const error = createFailureToNodeApiError(NODE, failure, 0);
		expect(error.description).toContain(CREATE_MAY_EXIST_NOTE);
		expect(error.context.taskMayExist).toBe(true);
	});

	it.each([
		['a refusal', { kind: 'api', message: 'x', apiCode: 680002 }],
		['a refused connection', { kind: 'network', message: 'x', networkCode: 'ECONNREFUSED' }],
		['a redirect', { kind: 'redirect', message: 'x' }],
	] as Array<[string, ApiFailure]>)('after %s does not', (_, failure) => {
		expect(createFailureToNodeApiError(NODE, failure, 0).description ?? '').not.toContain(CREATE_MAY_EXIST_NOTE);
	});
});
