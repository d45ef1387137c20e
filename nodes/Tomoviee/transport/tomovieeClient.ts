/**
 * One execution's connection to Tomoviee: the gateway from the credential, Tomoviee's paths and timeouts, requests
 * authenticated by n8n (the credential adds the headers, never this code). Reading answers is envelope.ts's job,
 * naming failures failures.ts's, building n8n errors nodeApiError.ts's, resending creates retries.ts's.
 */
import type { ICredentialDataDecryptedObject, IExecuteFunctions, IHttpRequestOptions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { TASK_ERROR_CODE_KEY } from '../domain/taskView';
import { interpretAnswer, type AnswerReading, type Reply } from './envelope';
import { describeTransportError, type HttpAnswer } from './failures';
import { failureToNodeApiError, type ErrorPlace } from './nodeApiError';
import { createWithRetries, queryWithRetries, type CreateResult, type RetryPause } from './retries';

export const CREDENTIAL_TYPE = 'tomovieeApi';
/** Image to video's create path: the envelope's advice names that capability (see forCapabilityPath). */
const IMAGE_TO_VIDEO_PATH = '/v1/open/capacity/application/tm_img2video_b';
export const QUERY_TASK_PATH = '/v1/open/pub/task';
const CUSTOM_GATEWAY = 'custom';

/**
 * The gateway a credential points at, without a trailing slash: the chosen gateway, or the Base URL of a custom one.
 * `valid` is false when that is not an http(s) URL (the credential test and the nodes both refuse it).
 */
export function gatewayUrlOf(credentials: ICredentialDataDecryptedObject): { url: string; valid: boolean } {
	const gateway = String(credentials.gateway ?? '');
	const url = gateway === CUSTOM_GATEWAY ? String(credentials.baseUrl ?? '').trim() : gateway;
	return /^https?:\/\/[^/]/.test(url) ? { url: url.replace(/\/+$/, ''), valid: true } : { url, valid: false };
}

const CREATE_TIMEOUT_MS = 60_000;
/** A one-off status read (Get Status) can afford to wait for a slow gateway. */
const SINGLE_QUERY_TIMEOUT_MS = 30_000;
/**
 * A status query is a few hundred bytes: while waiting for tasks, an answer slower than this is a sick gateway, better
 * asked again than awaited (30 s would add half a minute of detection lag to that task).
 */
const POLL_QUERY_TIMEOUT_MS = 10_000;

export class TomovieeClient {
	private constructor(
		private readonly ctx: IExecuteFunctions,
		readonly baseUrl: string,
	) {}

	static async forExecution(ctx: IExecuteFunctions): Promise<TomovieeClient> {
		const gateway = gatewayUrlOf(await ctx.getCredentials(CREDENTIAL_TYPE));
		if (!gateway.valid) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The Tomoviee API credential has no valid gateway URL ("${gateway.url}")`,
				{ description: "Open the credential and choose a 'Gateway', or give a 'Base URL' starting with https://" },
			);
		}
		return new TomovieeClient(ctx, gateway.url);
	}

	/** Sends one request and reports what happened without throwing, so callers can choose to retry. */
	async send(path: string, body: object, timeoutMs: number, reading: AnswerReading = {}): Promise<Reply> {
		const request: IHttpRequestOptions = {
			method: 'POST',
			url: `${this.baseUrl}${path}`,
			body,
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n would re-send the credential's headers (and a 307's body) to wherever a redirect points.
			disableFollowRedirect: true,
			timeout: timeoutMs,
		};
		let answer: HttpAnswer;
		try {
			const response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				request,
			)) as { statusCode?: number; headers?: Record<string, unknown>; body?: unknown };
			answer = { statusCode: response.statusCode ?? 0, headers: response.headers ?? {}, body: response.body };
		} catch (error) {
			// n8n's wrapped error can carry the request config (with the Authorization header): keep only a summary.
			return { ok: false, failure: describeTransportError(error) };
		}
		return interpretAnswer(answer, reading);
	}

	/**
	 * Creates a task (`path` names the capability) and reads its id, resending only where that is safe (retries.ts).
	 * `pause` sleeps between attempts and says whether to go on.
	 */
	async tryCreateTask(body: object, path: string, pause: RetryPause): Promise<CreateResult> {
		return await createWithRetries(async () => {
			const reply = await this.send(path, body, CREATE_TIMEOUT_MS);
			return path === IMAGE_TO_VIDEO_PATH ? reply : forCapabilityPath(reply, path);
		}, pause);
	}

	/**
	 * Reads a task while waiting for it: a short timeout, and transient faults retried (retries.ts) until `deadline`.
	 * Undefined once `pause` says to stop.
	 */
	async tryQueryTask(taskId: string, pause: RetryPause, deadline?: number): Promise<Reply | undefined> {
		return await queryWithRetries(() => this.sendQuery(taskId, POLL_QUERY_TIMEOUT_MS), pause, deadline);
	}

	/** A caller that retries may ask for a shorter timeout than a one-off status read can afford. */
	sendQuery(taskId: string, timeoutMs = SINGLE_QUERY_TIMEOUT_MS): Promise<Reply> {
		return this.send(QUERY_TASK_PATH, { task_id: taskId }, timeoutMs, { taskInData: true });
	}

	/** Reads a task's state, or throws a NodeApiError that names the task. */
	async queryTask(taskId: string, itemIndex: number): Promise<Record<string, unknown>> {
		const reply = await this.sendQuery(taskId);
		return taskFromReply(this.ctx.getNode(), reply, { itemIndex, taskId });
	}
}

/** A status answer's task object, with the query's non-zero code as its error code; otherwise a NodeApiError. */
export function taskFromReply(node: INode, reply: Reply, place: ErrorPlace): Record<string, unknown> {
	if (!reply.ok) throw failureToNodeApiError(node, reply.failure, place);
	if (typeof reply.data !== 'object' || reply.data === null || Array.isArray(reply.data)) {
		throw failureToNodeApiError(
			node,
			{ kind: 'badResponse', message: 'Tomoviee answered the status query without a task object' },
			place,
		);
	}
	const task = reply.data as Record<string, unknown>;
	if (reply.errorCode === undefined) return task;
	// The query's non-zero code is the task's error code: it reaches the output as errorCode, msg backs up reason.
	return {
		...task,
		[TASK_ERROR_CODE_KEY]: reply.errorCode,
		reason: typeof task.reason === 'string' && task.reason !== '' ? task.reason : (reply.errorMessage ?? ''),
	};
}

/**
 * A create to another capability than image-to-video: the advice to enable a capability names that one. (The
 * envelope is read without knowing the path; image-to-video's wording is the default there.)
 */
function forCapabilityPath(reply: Reply, path: string): Reply {
	if (reply.ok || !reply.failure.description?.includes('tm_img2video_b')) return reply;
	const capabilityId = path.slice(path.lastIndexOf('/') + 1);
	return {
		ok: false,
		failure: {
			...reply.failure,
			description: `Enable the capability ${capabilityId} for this app in the Tomoviee developer console, or check the 'Capability ID' option`,
		},
	};
}
