/**
 * The credential's "Test" button: one query for a task that cannot exist, judged by what answers it. Tomoviee does
 * not document what a good key gets for an unknown task (HTTP 200 with a task error code, or a 4xx), so any answer in
 * Tomoviee's envelope passes except code 140013; a wrong key fails with what to do, whatever HTTP status carries
 * 140013; a host that does not answer like Tomoviee's gateway fails saying so. Messages hold no text from the answer
 * (a host may echo the request), so neither the secret nor the Authorization header can reach them.
 */
import type { ICredentialsDecrypted, ICredentialTestFunctions, INodeCredentialTestResult } from 'n8n-workflow';
import { readEnvelope } from './envelope';
import { describeTransportError, redirectTarget, UNAUTHORIZED_CODE, type HttpAnswer } from './failures';
import { gatewayUrlOf, QUERY_TASK_PATH } from './tomovieeClient';

/** The name both nodes give the test in `credentials[].testedBy` and `methods.credentialTest`. */
export const CREDENTIAL_TEST_NAME = 'tomovieeApiTest';
/** No Tomoviee task id looks like this (they start with the capability id): the query costs nothing and finds nothing. */
export const PROBE_TASK_ID = 'n8n-credential-test';
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;

const ACCEPTED = 'Tomoviee accepted the app key and app secret';
const COPY_KEYS =
	"copy the 'App Key' and 'App Secret' again from your app in the Tomoviee developer console (tomoviee.ai or tomoviee.cn)";
const CHECK_GATEWAY = "check 'Gateway' (or 'Base URL' for a custom gateway)";

/** What the test says of one HTTP answer to the probe query. Pure: the unit tests drive it with recorded answers. */
export function judgeCredentialAnswer(answer: HttpAnswer, gatewayUrl: string): INodeCredentialTestResult {
	const { statusCode } = answer;
	const host = hostOf(gatewayUrl);
	if (statusCode >= 300 && statusCode < 400) {
		return failed(
			`${host} did not answer like Tomoviee's gateway: HTTP ${statusCode}, a redirect to ${redirectTarget(answer)} (not followed, the key and secret were not sent there). Check 'Gateway' (or 'Base URL' for a custom gateway): use Tomoviee's own host, not an address that forwards elsewhere`,
		);
	}
	const envelope = readEnvelope(answer.body);
	if (envelope?.code === UNAUTHORIZED_CODE) {
		const carrier = statusCode === 200 ? '' : `, HTTP ${statusCode}`;
		return failed(`Tomoviee rejected the app key or app secret (code ${UNAUTHORIZED_CODE}${carrier}): ${COPY_KEYS}`);
	}
	// 401 means "not authenticated" whatever the body; a bare 403 is a refusal without Tomoviee's word on why.
	if (statusCode === 401 || (statusCode === 403 && !envelope)) {
		const why = envelope ? `code ${envelope.code}` : "without Tomoviee's {code, msg} answer";
		return failed(
			`${host} refused the app key and app secret (HTTP ${statusCode}, ${why}): ${COPY_KEYS}. If they are right, ${CHECK_GATEWAY}`,
		);
	}
	// A limit may be applied before the key is checked: passing here could pass a wrong key.
	if (statusCode === 429) {
		return failed(
			`Tomoviee is rate limiting this account (HTTP 429), so the key was not checked: test again in a minute`,
		);
	}
	if (statusCode >= 500) {
		const what = envelope ? `code ${envelope.code}` : bodyKind(answer.body);
		return failed(
			`${host} answered HTTP ${statusCode} (${what}), so the key was not checked: Tomoviee's gateway may be down, test again in a few minutes; if this lasts, ${CHECK_GATEWAY}`,
		);
	}
	if (!envelope || statusCode < 200) {
		return failed(
			`${host} did not answer like Tomoviee's gateway (HTTP ${statusCode}, ${bodyKind(answer.body)}): ${CHECK_GATEWAY}`,
		);
	}
	// The gateway let the key through and answered about the task: HTTP 200 with any code, or a 4xx task error.
	return { status: 'OK', message: ACCEPTED };
}

/** What the test says when the probe got no HTTP answer. Reads only the error's code, never its text or request. */
export function judgeTransportError(error: unknown, gatewayUrl: string): INodeCredentialTestResult {
	const host = hostOf(gatewayUrl);
	const failure = describeTransportError(error);
	if (failure.kind === 'timeout') {
		return failed(
			`${host} did not answer within ${CREDENTIAL_TEST_TIMEOUT_MS / 1000} s: ${CHECK_GATEWAY}, or test again later`,
		);
	}
	const code = failure.networkCode ? ` (${failure.networkCode})` : '';
	return failed(`Could not reach ${host}${code}: ${CHECK_GATEWAY} and the network between n8n and that host`);
}

/** Registered by both nodes as `methods.credentialTest[CREDENTIAL_TEST_NAME]`. */
export async function testTomovieeCredential(
	this: ICredentialTestFunctions,
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const gateway = gatewayUrlOf(data);
	if (!gateway.valid) {
		return failed(
			"The credential has no gateway URL to test: choose a 'Gateway', or give a 'Base URL' starting with https:// for a custom gateway",
		);
	}
	const appKey = String(data.appKey ?? '');
	// The one request helper a credential test gets (n8n-core's CredentialTestContext has no httpRequest, which n8n's
	// no-deprecated-workflow-functions rule asks for when it sees this.helpers.request).
	const { request } = this.helpers;
	let response: { statusCode?: number; headers?: Record<string, unknown>; body?: unknown };
	try {
		response = (await request({
			method: 'POST',
			uri: `${gateway.url}${QUERY_TASK_PATH}`,
			body: { task_id: PROBE_TASK_ID },
			json: true,
			// The credential's `authenticate` (Basic auth plus X-App-Key), applied here: a credential test function gets
			// no authenticated request helper.
			auth: { user: appKey, pass: String(data.appSecret ?? '') },
			headers: { 'X-App-Key': appKey },
			// Every status is judged here, not thrown; a redirect is never followed with the key and secret.
			simple: false,
			resolveWithFullResponse: true,
			followRedirect: false,
			followAllRedirects: false,
			timeout: CREDENTIAL_TEST_TIMEOUT_MS,
		})) as typeof response;
	} catch (error) {
		return judgeTransportError(error, gateway.url);
	}
	const answer = { statusCode: response.statusCode ?? 0, headers: response.headers ?? {}, body: response.body };
	return judgeCredentialAnswer(answer, gateway.url);
}

function failed(message: string): INodeCredentialTestResult {
	return { status: 'Error', message };
}

/** The host only: a Base URL's user info or path is not repeated in a message. */
function hostOf(url: string): string {
	try {
		return new URL(url).host || 'The gateway';
	} catch {
		return 'The gateway';
	}
}

/** What the body looks like, never what it says. */
function bodyKind(body: unknown): string {
	if (body === undefined || body === null || body === '') return 'an empty body';
	if (typeof body === 'object') return "JSON without Tomoviee's {code, msg} envelope";
	const text = String(body).trim();
	if (/^<(!doctype html|html|head|body)\b/i.test(text) || /<html[\s>]/i.test(text)) return 'an HTML page';
	if (/^[{[]/.test(text)) {
		try {
			JSON.parse(text);
			return "JSON without Tomoviee's {code, msg} envelope";
		} catch {
			return 'text that is not JSON';
		}
	}
	if (/^<\?xml|^<[a-z]/i.test(text)) return 'XML';
	return 'plain text';
}
