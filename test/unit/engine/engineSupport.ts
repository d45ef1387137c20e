/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * What the engine's unit tests share: a small Tomoviee held in memory (tasks that end after a set time, an optional
 * limit on tasks at once, scripted answers that go first), an execute context that answers the engine's requests
 * from it, and a driver that runs the engine under jest's fake clock, so that minutes of waiting take no time.
 */
import type { IDataObject, IExecuteFunctions, INode, INodeExecutionData } from 'n8n-workflow';

import { CREATE_PATH_PREFIX } from '../../../nodes/Tomoviee/domain/capabilities';
import { IMAGE_TO_VIDEO_RESULT } from '../../../nodes/Tomoviee/domain/capabilityResult';
import { outputProfileFor } from '../../../nodes/Tomoviee/engine/outputItems';
import type { PlannedTask } from '../../../nodes/Tomoviee/engine/taskBatch';
import type { ReturnSettings, TaskRequest, WaitSettings } from '../../../nodes/Tomoviee/engine/types';
import { QUERY_TASK_PATH } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import { NODE } from '../transport/support';

export const GATEWAY = 'http://127.0.0.1:1';
export const I2V_PATH = `${CREATE_PATH_PREFIX}tm_img2video_b`;
export const MUSIC_PATH = `${CREATE_PATH_PREFIX}tm_text2music`;

/** An HTTP answer as n8n's request helper returns it with returnFullResponse, or a thrown transport error. */
export type Answer = { statusCode: number; body: unknown; headers?: Record<string, unknown> } | Error;

export const ok = (data: unknown): Answer => ({ statusCode: 200, body: { code: 0, msg: '', data } });
export const envelopeError = (code: number, msg: string, statusCode = 200): Answer => ({
	statusCode,
	body: { code, msg, data: null },
});

interface ModelTask {
	taskId: string;
	path: string;
	body: Record<string, unknown>;
	createdAt: number;
	durationMs: number;
	/** When a status answer first told the node the task had ended. */
	seenEndedAt?: number;
	fail?: { reason: string; errorCode?: number };
}

export interface CreateRecord {
	at: number;
	body: Record<string, unknown>;
	/** The task made, or why not. */
	taskId?: string;
	refused?: 'scripted' | 'taskLimit';
	/** Tasks of this API not yet seen ended by the node when this create arrived. */
	openForNode: number;
}

export interface ApiOptions {
	/** How long a task runs (default 1 s); may depend on the create body (e.g. its prompt). */
	durationMs?: number | ((body: Record<string, unknown>) => number);
	/** The account's limit on tasks at once (running by the clock); 0: none. */
	maxConcurrentTasks?: number;
	/** How a refusal at that limit is worded: HTTP 429, or HTTP 200 with the envelope's rate-limit message. */
	limitAnswer?: 'http429' | 'envelope';
	/** Tasks that end as failed: by prompt. */
	failures?: Record<string, { reason: string; errorCode?: number }>;
	/** How long the API takes to answer a create. */
	createLatencyMs?: number;
}

/** An in-memory Tomoviee for the engine: creates and status queries on the fake clock. */
export class ScriptedApi {
	readonly creates: CreateRecord[] = [];
	readonly queries: Array<{ at: number; taskId: string }> = [];
	readonly tasks: ModelTask[] = [];
	/** Answers given instead of the model's own, by create number (1: the first create the API receives). */
	readonly scripted = new Map<number, Answer>();
	/** Creates being answered right now, and the most there ever were at once. */
	private createsInFlight = 0;
	maxCreatesInFlight = 0;

	constructor(readonly options: ApiOptions = {}) {}

	running(now = Date.now()): ModelTask[] {
		return this.tasks.filter((task) => now < task.createdAt + task.durationMs);
	}

	async answer(request: { url: string; body: Record<string, unknown> }): Promise<Answer> {
		const path = request.url.slice(GATEWAY.length);
		if (path === QUERY_TASK_PATH) return this.query(String(request.body.task_id));
		this.createsInFlight += 1;
		this.maxCreatesInFlight = Math.max(this.maxCreatesInFlight, this.createsInFlight);
		try {
			if (this.options.createLatencyMs)
				await new Promise((resolve) => setTimeout(resolve, this.options.createLatencyMs));
			return this.create(path, request.body);
		} finally {
			this.createsInFlight -= 1;
		}
	}

	private create(path: string, body: Record<string, unknown>): Answer {
		const record: CreateRecord = {
			at: Date.now(),
			body,
			openForNode: this.tasks.filter((task) => task.seenEndedAt === undefined).length,
		};
		this.creates.push(record);
		const scripted = this.scripted.get(this.creates.length);
		if (scripted) {
			record.refused = 'scripted';
			return scripted;
		}
		const limit = this.options.maxConcurrentTasks ?? 0;
		if (limit > 0 && this.running().length >= limit) {
			record.refused = 'taskLimit';
			return this.options.limitAnswer === 'envelope'
				? envelopeError(680027, '请求过于频繁，请稍后再试')
				: {
						statusCode: 429,
						headers: { 'retry-after': '1' },
						body: { code: 429, msg: `too many concurrent tasks: your plan allows ${limit} at once`, data: null },
					};
		}
		const capabilityId = path.slice(path.lastIndexOf('/') + 1);
		const taskId = `${capabilityId}-0-${this.tasks.length + 1}`;
		const duration = this.options.durationMs ?? 1000;
		const prompt = String(body.prompt ?? '');
		this.tasks.push({
			taskId,
			path,
			body,
			createdAt: Date.now(),
			durationMs: typeof duration === 'function' ? duration(body) : duration,
			fail: this.options.failures?.[prompt],
		});
		record.taskId = taskId;
		return ok({ task_id: taskId });
	}

	private query(taskId: string): Answer {
		const now = Date.now();
		this.queries.push({ at: now, taskId });
		const task = this.tasks.find((candidate) => candidate.taskId === taskId);
		if (!task) return envelopeError(680011, 'task not found');
		const base = { task_id: taskId, params: String(task.body.params ?? ''), position: -1 };
		if (now < task.createdAt + task.durationMs) return ok({ ...base, status: 2, progress: 50, reason: '' });
		task.seenEndedAt ??= now;
		if (task.fail) {
			const failed = { ...base, status: 4, progress: 0, reason: task.fail.reason, result: '' };
			// The get-result page: a failed task's own code is the query's code, the task still in `data`.
			return task.fail.errorCode === undefined
				? ok(failed)
				: { statusCode: 200, body: { code: task.fail.errorCode, msg: task.fail.reason, data: failed } };
		}
		const key = task.path.endsWith('tm_text2music') ? 'audio_path' : 'video_path';
		const extension = key === 'audio_path' ? 'mp3' : 'mp4';
		const result = JSON.stringify({ model_version: 'v1', [key]: [`https://cdn.example/${taskId}.${extension}`] });
		return ok({ ...base, status: 3, progress: 100, reason: '', result });
	}
}

export interface ContextOptions {
	continueOnFail?: boolean;
	onError?: INode['onError'];
	/** Node parameters by name (item-independent), for the parameter readers. */
	parameters?: IDataObject;
	signal?: AbortSignal;
	resumeUrl?: unknown;
	inputItems?: INodeExecutionData[];
}

export interface EngineContext {
	ctx: IExecuteFunctions;
	/** Every logger.info line. */
	logs: Array<{ message: string; meta: IDataObject }>;
	metadata: IDataObject;
	waitTill: Date[];
}

/** The execute context the engine sees: node, logger, credentials, and the request helper answered by `api`. */
export function engineContext(api: ScriptedApi, options: ContextOptions = {}): EngineContext {
	const logs: EngineContext['logs'] = [];
	const metadata: IDataObject = {};
	const waitTill: Date[] = [];
	const node: INode = { ...NODE, ...(options.onError ? { onError: options.onError } : {}) };
	const ctx = {
		getNode: () => node,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) =>
			options.parameters && name in options.parameters ? options.parameters[name] : fallback,
		continueOnFail: () => options.continueOnFail === true,
		logger: {
			info: (message: string, meta: IDataObject) => logs.push({ message, meta }),
			debug: () => {},
			warn: () => {},
			error: () => {},
		},
		getExecutionId: () => 'exec-1',
		getExecutionCancelSignal: () => options.signal,
		getCredentials: async () => ({ gateway: GATEWAY, appKey: 'k', appSecret: 's' }),
		evaluateExpression: () => options.resumeUrl,
		setMetadata: (values: IDataObject) => Object.assign(metadata, values),
		putExecutionToWait: async (until: Date) => {
			waitTill.push(until);
		},
		getInputData: () => options.inputItems ?? [{ json: {} }],
		helpers: {
			httpRequestWithAuthentication: async (_type: string, request: { url: string; body: IDataObject }) => {
				const answer = await api.answer(request);
				if (answer instanceof Error) throw answer;
				return { headers: {}, ...answer };
			},
		},
	};
	return { ctx: ctx as unknown as IExecuteFunctions, logs, metadata, waitTill };
}

export const URL_RETURN: ReturnSettings = {
	simplify: false,
	returnAs: 'url',
	binaryPropertyName: 'data',
	maxBytes: 1024,
};

/** A short poll interval: the schedule never waits longer than this between two queries of a task. */
export const FAST_WAIT: WaitSettings = { pollIntervalMs: 1000, maxWaitMs: 10 * 60_000 };

/** An Image to Video task request for item `itemIndex` (prompt "item N" unless given). */
export function i2vRequest(itemIndex: number, overrides: Partial<TaskRequest> = {}): TaskRequest {
	return {
		itemIndex,
		body: { prompt: `item ${itemIndex}`, image: 'https://example.com/a.png' },
		path: I2V_PATH,
		result: IMAGE_TO_VIDEO_RESULT,
		returnSettings: URL_RETURN,
		waitSettings: FAST_WAIT,
		...overrides,
	};
}

export function planned(request: TaskRequest): PlannedTask {
	return { ...request, profile: outputProfileFor(request.result) };
}

/**
 * Runs `work` under jest's fake clock (set up by the caller with jest.useFakeTimers()), advancing it in steps until
 * the work settles: the engine's sleeps, backoffs and task durations pass without real waiting.
 */
export async function onFakeClock<T>(work: Promise<T>, stepMs = 1000, limitMs = 60 * 60_000): Promise<T> {
	let settled = false;
	const watched = work.finally(() => {
		settled = true;
	});
	watched.catch(() => undefined);
	for (let elapsed = 0; !settled && elapsed < limitMs; elapsed += stepMs) {
		await jest.advanceTimersByTimeAsync(stepMs);
	}
	if (!settled) throw new Error(`the work did not settle within ${limitMs} ms of fake time`);
	return await watched;
}

/** Every test of the suite on jest's fake clock: minutes of fake time pass in a second or two of real time. */
export function useFakeClock(): void {
	// More than a second or two on a busy machine.
	jest.setTimeout(30_000);
	beforeEach(() => {
		jest.useFakeTimers();
	});
	afterEach(() => {
		jest.useRealTimers();
	});
}
