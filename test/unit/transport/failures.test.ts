/** Failures without an envelope to read: Retry-After, and requests that got no HTTP answer. */
import { describeTransportError, parseRetryAfterMs } from '../../../nodes/Tomoviee/transport/failures';

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
