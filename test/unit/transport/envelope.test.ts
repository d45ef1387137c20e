/** Reading answers through Tomoviee's envelope: recorded answers in, a Reply (data or classified failure) out. */
import { interpretAnswer } from '../../../nodes/Tomoviee/transport/envelope';
import { answer, failureOf } from './support';

const NGINX_502 =
	'<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

describe('interpretAnswer', () => {
	it('returns data of a code 0 envelope', () => {
		expect(interpretAnswer(answer(200, { code: 0, msg: '', data: { task_id: 't-1' } }))).toEqual({
			ok: true,
			data: { task_id: 't-1' },
		});
	});

	it('parses data sent as a JSON string (the docs type it as a string)', () => {
		const reply = interpretAnswer(answer(200, { code: 0, msg: '', data: '{"task_id":"t-2"}' }));
		expect(reply).toEqual({ ok: true, data: { task_id: 't-2' } });
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
		expect(failure.errorCode).toBe(140013);
		expect(failure.message).toBe('Tomoviee error 140013: unauthorized: Unauthorized');
		expect(failure.description).toMatch(/'App Key' and 'App Secret'/);
		expect(failure.httpCode).toBe(statusCode === 200 ? undefined : statusCode);
	});

	it('reads 140013 in a text body on 401 too', () => {
		const failure = failureOf(interpretAnswer(answer(401, '{"code":140013,"msg":"unauthorized","data":null}')));
		expect(failure.kind).toBe('auth');
	});

	it('gives insufficient balance a top-up hint', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680012, msg: 'insufficient balance', data: null })));
		expect(failure).toMatchObject({
			kind: 'api',
			errorCode: 680012,
			message: 'Tomoviee error 680012: insufficient balance',
		});
		expect(failure.description).toMatch(/Top up/);
	});

	it('gives a capability that is not enabled a hint to enable it', () => {
		const msg = 'permission denied: capability tm_img2video_b is not enabled for this app';
		const failure = failureOf(interpretAnswer(answer(200, { code: 680013, msg, data: null })));
		expect(failure).toMatchObject({ kind: 'api', errorCode: 680013 });
		expect(failure.message).toContain(msg);
		expect(failure.description).toMatch(/Enable the image-to-video capability/);
	});

	it('keeps code and msg of other 68xxxx errors', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680003, msg: 'image invalid', data: null })));
		expect(failure).toMatchObject({ kind: 'api', errorCode: 680003, message: 'Tomoviee error 680003: image invalid' });
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
		expect(failure.description).toMatch(/'Gateway'/);
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

describe('a status answer whose code is the task error code (get-result page)', () => {
	const failedTask = { task_id: 'tm-f', status: 4, reason: 'content moderation failed', progress: 0, result: '' };

	it.each([
		['an object', failedTask],
		['a JSON string', JSON.stringify(failedTask)],
	])('reads data as %s: the task, with the code and msg kept for the output', (_, data) => {
		const reply = interpretAnswer(answer(200, { code: 680301, msg: 'content moderation failed', data }), {
			taskInData: true,
		});
		expect(reply).toEqual({
			ok: true,
			data: failedTask,
			errorCode: 680301,
			errorMessage: 'content moderation failed',
		});
	});

	it.each([
		['no data', null],
		['data without status', { task_id: 't' }],
		['empty data string', ''],
	])('stays an API error with %s', (_, data) => {
		const failure = failureOf(
			interpretAnswer(answer(200, { code: 680011, msg: 'task not found', data }), { taskInData: true }),
		);
		expect(failure).toMatchObject({ kind: 'api', errorCode: 680011 });
	});

	it('stays an error for creates, where a non-zero code is always a refusal', () => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680301, msg: 'refused', data: failedTask })));
		expect(failure.errorCode).toBe(680301);
	});

	it('never reads the task out of an auth failure or an HTTP error', () => {
		expect(
			interpretAnswer(answer(200, { code: 140013, msg: 'unauthorized', data: failedTask }), { taskInData: true }).ok,
		).toBe(false);
		expect(interpretAnswer(answer(500, { code: 680301, msg: 'x', data: failedTask }), { taskInData: true }).ok).toBe(
			false,
		);
	});
});

describe('malformed codes and error kinds', () => {
	it.each([[null], [''], ['abc'], [{}], [true]])('reads code %j as a malformed answer, never a success', (code) => {
		const failure = failureOf(interpretAnswer(answer(200, { code, msg: '', data: { task_id: 't' } })));
		expect(failure.kind).toBe('badResponse');
		expect(failure.message).toMatch(/malformed envelope/);
	});

	it.each([
		'Failed to generate video',
		'The prompt did not pass moderate review',
		'inaccurate image description',
		'Generation failed: separate subjects',
	])('does not read %j as a rate limit: refused once, with its message', (msg) => {
		const failure = failureOf(interpretAnswer(answer(200, { code: 680100, msg, data: null })));
		expect(failure.kind).toBe('api');
		expect(failure.description).not.toMatch(/Max Parallel Tasks/);
	});

	it.each([
		'rate limit exceeded',
		'Too many requests',
		'request too frequent',
		'concurrent task limit reached',
		'QPS limit',
		'throttled',
	])('reads %j as a rate limit', (msg) => {
		expect(failureOf(interpretAnswer(answer(200, { code: 680200, msg, data: null }))).kind).toBe('rateLimited');
	});

	it.each([
		[400, /'Prompt', the image URLs/],
		[413, /under 200 MB/],
		[422, /JPG, JPEG, PNG or WEBP/],
	])('points HTTP %d without an envelope at the input', (statusCode, hint) => {
		const failure = failureOf(interpretAnswer(answer(statusCode, 'Bad things')));
		expect(failure.kind).toBe('badInput');
		expect(failure.description).toMatch(hint);
		expect(failure.description).not.toMatch(/gateway/i);
	});

	it.each([401, 403])('points HTTP %d without an envelope at the credential', (statusCode) => {
		const failure = failureOf(interpretAnswer(answer(statusCode, '<html>Forbidden</html>')));
		expect(failure.kind).toBe('auth');
		expect(failure.description).toMatch(/'App Key' and 'App Secret'/);
	});

	it.each([301, 302, 307, 308])('reads HTTP %d as a redirect naming its host, not followed', (statusCode) => {
		const failure = failureOf(
			interpretAnswer(answer(statusCode, '', { location: 'http://evil.example:8080/v1/open/pub/task' })),
		);
		expect(failure.kind).toBe('redirect');
		expect(failure.message).toContain('evil.example:8080');
		expect(failure.message).toMatch(/credentials were not sent there/);
	});
});
