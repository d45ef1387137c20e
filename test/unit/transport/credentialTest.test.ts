/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- Node test tooling, not n8n runtime code; made-up test credentials */
/**
 * The credential test: the judgement of one answer (pure), then the test function itself with n8n-core's own
 * credential-test context (real request helper, real sockets) against the fake Tomoviee API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import {
	judgeCredentialAnswer,
	judgeTransportError,
	PROBE_TASK_ID,
	testTomovieeCredential,
} from '../../../nodes/Tomoviee/transport/credentialTest';
import { startFakeTomoviee, type FakeTomoviee } from '../../fake-tomoviee';
import { answer } from './support';

const GATEWAY = 'https://openapi.wondershare.cc';
const UNAUTHORIZED = { code: 140013, msg: 'unauthorized: Unauthorized', data: null };
const TASK_NOT_FOUND = { code: 680011, msg: 'task not found', data: null };
const KEY_ADVICE =
	/^Tomoviee rejected the app key or app secret \(code 140013(, HTTP 40[13])?\): copy the 'App Key' and 'App Secret' again from your app in the Tomoviee developer console/;
const NOT_GATEWAY = /did not answer like Tomoviee's gateway .*check 'Gateway' \(or 'Base URL' for a custom gateway\)$/;

describe('judgeCredentialAnswer', () => {
	it.each([
		['HTTP 200, task not found', answer(200, TASK_NOT_FOUND)],
		['HTTP 200, code 0', answer(200, { code: 0, msg: 'success', data: null })],
		['HTTP 200, envelope as text', answer(200, JSON.stringify(TASK_NOT_FOUND))],
		['HTTP 400 with the envelope', answer(400, { code: 680010, msg: 'task_id invalid', data: null })],
		['HTTP 404 with the envelope', answer(404, TASK_NOT_FOUND)],
		['HTTP 403 with a task code', answer(403, { code: 680404, msg: 'no access to this task', data: null })],
		['HTTP 422 with a numeric-string code', answer(422, { code: '680011', msg: 'task not found' })],
	])('passes a good key: %s', (_label, recorded) => {
		expect(judgeCredentialAnswer(recorded, GATEWAY)).toEqual({
			status: 'OK',
			message: 'Tomoviee accepted the app key and app secret',
		});
	});

	it.each([200, 401, 403])('fails a wrong key with what to do when 140013 comes on HTTP %d', (status) => {
		const result = judgeCredentialAnswer(answer(status, UNAUTHORIZED), GATEWAY);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(KEY_ADVICE);
		expect(result.message.includes('HTTP')).toBe(status !== 200);
	});

	it.each([
		[401, { code: 140014, msg: 'signature expired' }, 'HTTP 401, code 140014'],
		[401, '', "HTTP 401, without Tomoviee's {code, msg} answer"],
		[403, '<html><body>Forbidden</body></html>', "HTTP 403, without Tomoviee's {code, msg} answer"],
	])('fails HTTP %d without 140013 as a refused key, naming the gateway as the other suspect', (status, body, why) => {
		expect(judgeCredentialAnswer(answer(status, body), GATEWAY)).toEqual({
			status: 'Error',
			message: `openapi.wondershare.cc refused the app key and app secret (${why}): copy the 'App Key' and 'App Secret' again from your app in the Tomoviee developer console (tomoviee.ai or tomoviee.cn). If they are right, check 'Gateway' (or 'Base URL' for a custom gateway)`,
		});
	});

	it.each([
		[200, '<!DOCTYPE html><html><head><title>Welcome</title></head></html>', 'an HTML page'],
		[404, '404 page not found', 'plain text'],
		[200, { status: 'ok', message: 'hello' }, "JSON without Tomoviee's {code, msg} envelope"],
		[200, '{"code":0}', "JSON without Tomoviee's {code, msg} envelope"],
		[200, { code: 'zero', msg: '' }, "JSON without Tomoviee's {code, msg} envelope"],
		[404, '', 'an empty body'],
		[200, '<?xml version="1.0"?><Error/>', 'XML'],
	])('fails a host that is not the gateway: HTTP %d with %j', (status, body, kind) => {
		const result = judgeCredentialAnswer(answer(status, body), 'http://127.0.0.1:3789');
		expect(result).toEqual({
			status: 'Error',
			message: `127.0.0.1:3789 did not answer like Tomoviee's gateway (HTTP ${status}, ${kind}): check 'Gateway' (or 'Base URL' for a custom gateway)`,
		});
		expect(result.message).toMatch(NOT_GATEWAY);
	});

	it('fails a redirect, naming only the target host', () => {
		const result = judgeCredentialAnswer(
			answer(307, { moved: true }, { location: 'https://elsewhere.example/v1/open/pub/task?sig=abc' }),
			GATEWAY,
		);
		expect(result).toEqual({
			status: 'Error',
			message:
				"openapi.wondershare.cc did not answer like Tomoviee's gateway: HTTP 307, a redirect to elsewhere.example (not followed, the key and secret were not sent there). Check 'Gateway' (or 'Base URL' for a custom gateway): use Tomoviee's own host, not an address that forwards elsewhere",
		});
	});

	it('does not pass a rate-limited probe (the key was not checked)', () => {
		const result = judgeCredentialAnswer(answer(429, { code: 429, msg: 'too many requests' }), GATEWAY);
		expect(result).toEqual({
			status: 'Error',
			message: 'Tomoviee is rate limiting this account (HTTP 429), so the key was not checked: test again in a minute',
		});
	});

	it.each([
		[503, '<html><head><title>503</title></head></html>', 'an HTML page'],
		[500, { code: 500, msg: 'internal error' }, 'code 500'],
	])('does not pass a gateway fault (HTTP %d)', (status, body, what) => {
		expect(judgeCredentialAnswer(answer(status, body), GATEWAY)).toEqual({
			status: 'Error',
			message: `openapi.wondershare.cc answered HTTP ${status} (${what}), so the key was not checked: Tomoviee's gateway may be down, test again in a few minutes; if this lasts, check 'Gateway' (or 'Base URL' for a custom gateway)`,
		});
	});

	it('never repeats what the answer says: a host echoing the request leaks nothing', () => {
		const secret = 'the-app-secret-123';
		const basic = `Basic ${Buffer.from(`key:${secret}`).toString('base64')}`;
		for (const status of [200, 401, 403, 404, 500]) {
			const echoed = {
				code: status === 200 ? 140014 : 1,
				msg: `${secret} ${basic}`,
				headers: { authorization: basic },
			};
			for (const body of [echoed, `${secret} ${basic}`, `<html>${basic}</html>`]) {
				const { message } = judgeCredentialAnswer(answer(status, body), `https://${'gw'}.example`);
				expect(message).not.toContain(secret);
				expect(message).not.toContain(basic.slice(6));
			}
		}
	});
});

describe('judgeTransportError', () => {
	it('names the host and the network code of a refused connection, never the error text', () => {
		const error = Object.assign(new Error('connect ECONNREFUSED; Authorization: Basic c2VjcmV0'), {
			code: 'ECONNREFUSED',
			options: { headers: { Authorization: 'Basic c2VjcmV0' } },
		});
		expect(judgeTransportError(error, 'http://127.0.0.1:9')).toEqual({
			status: 'Error',
			message:
				"Could not reach 127.0.0.1:9 (ECONNREFUSED): check 'Gateway' (or 'Base URL' for a custom gateway) and the network between n8n and that host",
		});
	});

	it('says a slow gateway timed out', () => {
		const error = Object.assign(new Error('timeout of 15000ms exceeded'), { code: 'ECONNABORTED' });
		expect(judgeTransportError(error, GATEWAY).message).toBe(
			"openapi.wondershare.cc did not answer within 15 s: check 'Gateway' (or 'Base URL' for a custom gateway), or test again later",
		);
	});
});

describe('testTomovieeCredential with n8n-core and the fake API', () => {
	let fake: FakeTomoviee;
	beforeAll(async () => {
		fake = await startFakeTomoviee();
	});
	afterAll(async () => {
		await fake.close();
	});
	beforeEach(() => fake.reset());

	function credential(data: Record<string, unknown> = {}): ICredentialsDecrypted {
		const { appKey, appSecret } = fake.switches;
		return {
			id: '1',
			name: 'Tomoviee',
			type: 'tomovieeApi',
			data: { appKey, appSecret, gateway: 'custom', baseUrl: `${fake.url}/`, ...data },
		};
	}
	async function test(data?: Record<string, unknown>): Promise<INodeCredentialTestResult> {
		return await testTomovieeCredential.call(new CredentialTestContext(), credential(data));
	}

	it.each([200, 400, 404] as const)(
		'passes a good key whose unknown-task query is answered on HTTP %d',
		async (unknownTaskStatus) => {
			fake.configure({ unknownTaskStatus });
			expect(await test()).toEqual({ status: 'OK', message: 'Tomoviee accepted the app key and app secret' });
			// One POST to the task query, authenticated as the credential authenticates every request.
			const [request] = fake.requests();
			expect(fake.requests()).toHaveLength(1);
			expect(request).toMatchObject({
				method: 'POST',
				route: 'query',
				authorized: true,
				body: { task_id: PROBE_TASK_ID },
			});
		},
	);

	it.each([200, 401, 403] as const)('fails a wrong secret with 140013 on HTTP %d, leaking nothing', async (status) => {
		fake.configure({ authFailureStatus: status });
		const wrongSecret = 'wrong-secret-0123456789';
		const result = await test({ appSecret: wrongSecret });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(KEY_ADVICE);
		const basic = Buffer.from(`${fake.switches.appKey}:${wrongSecret}`).toString('base64');
		expect(JSON.stringify(result)).not.toContain(wrongSecret);
		expect(JSON.stringify(result)).not.toContain(basic);
	});

	it('fails a wrong app key too', async () => {
		expect((await test({ appKey: 'other-key' })).message).toMatch(KEY_ADVICE);
	});

	it.each([
		['htmlPage', 200, 'an HTML page'],
		['plainText404', 404, 'plain text'],
		['otherJson', 200, "JSON without Tomoviee's {code, msg} envelope"],
	] as const)('fails a host posing as %s, saying it is not the gateway', async (foreignHost, status, kind) => {
		fake.configure({ foreignHost });
		expect(await test()).toEqual({
			status: 'Error',
			message: `127.0.0.1:${fake.port} did not answer like Tomoviee's gateway (HTTP ${status}, ${kind}): check 'Gateway' (or 'Base URL' for a custom gateway)`,
		});
	});

	it('does not follow a redirect: the target receives nothing', async () => {
		const elsewhere = http.createServer((_request, response) => response.end('{"code":0,"msg":""}'));
		let reached = 0;
		elsewhere.on('request', () => (reached += 1));
		await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
		const target = `127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
		try {
			fake.configure({ faults: [{ target: 'query', kind: 'redirect', location: `http://${target}` }] });
			const result = await test();
			expect(result.status).toBe('Error');
			expect(result.message).toContain(`HTTP 307, a redirect to ${target} (not followed`);
			expect(reached).toBe(0);
		} finally {
			await new Promise((resolve) => elsewhere.close(resolve));
		}
	});

	it('fails a refused connection, naming the host', async () => {
		const closed = http.createServer();
		await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
		const { port } = closed.address() as AddressInfo;
		await new Promise((resolve) => closed.close(resolve));
		expect((await test({ baseUrl: `http://127.0.0.1:${port}` })).message).toBe(
			`Could not reach 127.0.0.1:${port} (ECONNREFUSED): check 'Gateway' (or 'Base URL' for a custom gateway) and the network between n8n and that host`,
		);
	});

	it('fails a custom gateway without a URL before any request', async () => {
		expect(await test({ baseUrl: '  ' })).toEqual({
			status: 'Error',
			message:
				"The credential has no gateway URL to test: choose a 'Gateway', or give a 'Base URL' starting with https:// for a custom gateway",
		});
		expect(fake.requests()).toHaveLength(0);
	});
});
