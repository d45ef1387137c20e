/** Failures without an envelope to read: Retry-After, and requests that got no HTTP answer; rate-limit wordings. */
import {
	describeTransportError,
	envelopeFailure,
	httpStatusFailure,
	malformedAnswerFailure,
	parseRetryAfterMs,
} from '../../../nodes/Tomoviee/transport/failures';

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
		expect(failure).toMatchObject({
			kind: 'network',
			networkCode: 'ECONNRESET',
			message: 'Could not reach Tomoviee (ECONNRESET)',
		});
		expect(failure.description).toMatch(/'Gateway'/);
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

describe('rate limits in English and Chinese, on any HTTP status and any code', () => {
	const CHINESE = [
		'请求过于频繁',
		'请求太频繁',
		'请求频繁',
		'访问过于频繁',
		'访问太频繁',
		'访问频繁',
		'调用过于频繁',
		'调用太频繁',
		'调用频繁',
		'操作过于频繁',
		'操作太频繁',
		'操作频繁',
		'频率限制',
		'频率超限',
		'超出频率',
		'超过频率',
		'限流',
		'流控',
		'并发数超限',
		'并发超限',
		'超出并发',
		'超过并发',
		'并发数已达上限',
		'并发已达上限',
		'QPS超限',
	];

	it.each(CHINESE)('reads %s as a rate limit', (phrase) => {
		expect(envelopeFailure(680101, phrase, 200).kind).toBe('rateLimited');
	});

	it.each([
		['in a sentence, on HTTP 200', '请求过于频繁，请稍后再试', 200, 680429],
		['with spaces between the characters', '请求 过于 频繁', 200, 680001],
		['lower-case qps', 'qps超限', 200, 680002],
		['on HTTP 403 with another code', '当前并发数已达上限', 403, 10001],
		['on HTTP 500', '接口限流中', 500, 500],
		['in English, on HTTP 200', 'Too many concurrent tasks', 200, 680300],
	])('reads it %s', (_, msg, status, code) => {
		const failure = envelopeFailure(code, msg, status);
		expect(failure).toMatchObject({ kind: 'rateLimited', errorCode: code });
		expect(failure.description).toMatch(/Max Parallel Tasks/);
	});

	it.each([
		'Failed to generate video',
		'生成失败',
		'视频生成失败',
		'生成视频失败',
		'视频生成失败，请稍后再试',
		'余额不足',
		'参数错误：prompt 不能为空',
		'频繁',
		'限制',
		'内容审核未通过',
	])('does not read %s as a rate limit: a refusal, sent once', (msg) => {
		const failure = envelopeFailure(680100, msg, 200);
		expect(failure.kind).toBe('api');
		expect(failure.description).not.toMatch(/Max Parallel Tasks/);
	});

	it.each([
		[429, '请求过于频繁'],
		[503, '<html><body><h1>访问过于频繁</h1></body></html>'],
		[403, 'Rate limit exceeded'],
		[400, '调用频繁'],
	])('reads HTTP %d without an envelope saying %j as a rate limit, with Retry-After', (statusCode, body) => {
		const failure = httpStatusFailure({ statusCode, headers: { 'Retry-After': '4' }, body });
		expect(failure).toMatchObject({ kind: 'rateLimited', httpCode: statusCode, retryAfterMs: 4000 });
	});

	it('reads HTTP 200 plain text saying so as a rate limit, not a malformed answer', () => {
		const answer = { statusCode: 200, headers: {}, body: '请求过于频繁' };
		expect(malformedAnswerFailure(answer, undefined).kind).toBe('rateLimited');
	});

	it.each([
		[503, '<html><h1>503 Service Temporarily Unavailable</h1></html>', 'serverError'],
		[400, '视频生成失败', 'badInput'],
		[403, 'Forbidden', 'auth'],
	])('keeps HTTP %d saying %j what it was (%s)', (statusCode, body, kind) => {
		expect(httpStatusFailure({ statusCode, headers: {}, body }).kind).toBe(kind);
	});
});
