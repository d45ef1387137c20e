/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import { randomBytes } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { handleAdminRequest } from './admin';
import { CallbackSender, type CallbackDelivery } from './callbacks';
import { fakeCapability, FILE_TYPES, validateCapabilityBody } from './capabilities';
import { parseDirectives } from './directives';
import { FakeErrorCode, FakeErrorMessage, type FakeErrorCodeValue } from './errorCodes';
import { FaultPlan } from './faults';
import { fetchFailureReason, InputFetcher, type InputFetch } from './inputFetches';
import {
	DEFAULT_SWITCHES,
	faultRuleProblems,
	unknownSwitchNames,
	type AuthFailureStatus,
	type FakeTomovieeOptions,
	type FakeTomovieeSwitches,
	type FaultRule,
} from './options';
import { RequestLog, type LoggedRequest, type RequestFilter, type RequestRoute } from './requestLog';
import {
	BodyTooLargeError,
	parseBody,
	readBody,
	sendForeignHostAnswer,
	sendGatewayHtml,
	sendJson,
	sendStorageError,
} from './responses';
import { CAPABILITY, TaskStatus, TaskStore, type TaskData, type TaskRecord } from './tasks';
import { TimerGroup } from './timers';
import { validateCreateBody, validateQueryBody, type CreateTaskBody } from './validation';
import { createFakeFileStream, VideoUrlSigner, type FakeFileKindName } from './video';

export const CREATE_PATH = '/v1/open/capacity/application/tm_img2video_b';
export const QUERY_PATH = '/v1/open/pub/task';
/** Every capability is created under this prefix (capabilities.ts); CREATE_PATH is image-to-video's. */
export const CREATE_PATH_PREFIX = '/v1/open/capacity/application/';
const STORAGE_PATH = /^\/storage\/([^/]+\.[a-z0-9]+)$/;
const DEFAULT_SLOW_DELAY_MS = 2000;
/** failedTaskAnswer 'taskErrorCode': the code a query answers for a task that failed, was cancelled or timed out. */
export const TASK_ERROR_CODES: Readonly<Record<number, number>> = { 4: 680301, 5: 680302, 6: 680303 };

/** The `{code, msg, data}` envelope every API answer uses. */
export interface ApiEnvelope {
	code: number;
	msg: string;
	data: unknown;
}

export interface FakeTomoviee {
	/** Base URL, e.g. http://127.0.0.1:41234 (no trailing slash). */
	readonly url: string;
	readonly port: number;
	/** Current switches (read-only view; change them with configure()). */
	readonly switches: Readonly<FakeTomovieeSwitches>;
	/** Merges switches into the current ones. `faults` replaces the fault list (and restarts its counters). */
	configure(partial: Partial<FakeTomovieeSwitches>): void;
	/** Back to the start options; forgets tasks, requests, callbacks, pending callback timers. */
	reset(): void;
	close(): Promise<void>;
	requests(filter?: RequestFilter): LoggedRequest[];
	countRequests(filter?: RequestFilter): number;
	/** Number of create requests received (valid or not). */
	createRequestCount(): number;
	/** Number of query requests received, optionally for one task id. */
	queryRequestCount(taskId?: string): number;
	clearRequests(): void;
	tasks(): TaskRecord[];
	task(taskId: string): TaskRecord | undefined;
	/** The task object a query would return right now. */
	taskData(taskId: string, atMs?: number): TaskData | undefined;
	/** The signed video URL of a task (valid whatever its status). */
	videoUrl(taskId: string): string;
	callbacks(): CallbackDelivery[];
	/** Downloads of input URLs made under the fetchInputs switch, oldest first. */
	inputFetches(): InputFetch[];
	/** Headers a correct client sends (for tests that call the fake directly). */
	authHeaders(): Record<string, string>;
}

type ApiRoute = 'create' | 'query';

/** The create path of a capability id: image-to-video's CREATE_PATH, or another capability's. */
export function createPathOf(capabilityId: string): string {
	return `${CREATE_PATH_PREFIX}${capabilityId}`;
}

function capabilityOfPath(pathname: string): string | undefined {
	if (!pathname.startsWith(CREATE_PATH_PREFIX)) return undefined;
	const capabilityId = pathname.slice(CREATE_PATH_PREFIX.length);
	return /^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(capabilityId) ? capabilityId : undefined;
}

function routeOf(pathname: string): RequestRoute {
	if (capabilityOfPath(pathname) !== undefined) return 'create';
	if (pathname === QUERY_PATH) return 'query';
	if (STORAGE_PATH.test(pathname)) return 'video';
	return 'other';
}

function errorEnvelope(code: FakeErrorCodeValue, msg = FakeErrorMessage[code]): ApiEnvelope {
	return { code, msg, data: null };
}

export class FakeTomovieeServer implements FakeTomoviee {
	url = '';
	port = 0;
	private current: FakeTomovieeSwitches;
	private faultPlan: FaultPlan;
	private readonly server = http.createServer((request, response) => void this.handle(request, response));
	private readonly sockets = new Set<Socket>();
	private readonly log = new RequestLog();
	private readonly store: TaskStore;
	private readonly signer = new VideoUrlSigner(randomBytes(16).toString('hex'));
	private readonly callbackSender = new CallbackSender();
	private readonly inputFetcher = new InputFetcher();
	/** Input downloads still running, by task id (fetchInputs): a callback waits for them. */
	private readonly pendingInputs = new Map<string, Promise<void>>();
	/** Callback timers belong to tasks and go away on reset(); request timers (slow answers) only on close(). */
	private readonly taskTimers = new TimerGroup();
	private readonly requestTimers = new TimerGroup();

	constructor(private readonly startOptions: FakeTomovieeOptions = {}) {
		this.current = FakeTomovieeServer.switchesFrom(startOptions);
		this.faultPlan = new FaultPlan(this.current.faults);
		this.store = new TaskStore(this.signer);
		this.server.on('connection', (socket) => {
			this.sockets.add(socket);
			socket.on('close', () => this.sockets.delete(socket));
		});
	}

	private static switchesFrom(options: FakeTomovieeOptions): FakeTomovieeSwitches {
		// host and port place the server; every other option is a switch.
		const switches: FakeTomovieeOptions = { ...options };
		delete switches.host;
		delete switches.port;
		const unknown = unknownSwitchNames(switches);
		if (unknown.length > 0) throw new Error(`fake-tomoviee: unknown option(s) ${unknown.join(', ')}`);
		const problems = switches.faults === undefined ? [] : faultRuleProblems(switches.faults);
		if (problems.length > 0) throw new Error(`fake-tomoviee: ${problems.join('; ')}`);
		return { ...DEFAULT_SWITCHES, ...switches, faults: [...(switches.faults ?? DEFAULT_SWITCHES.faults)] };
	}

	async listen(): Promise<void> {
		const host = this.startOptions.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.startOptions.port ?? 0, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		this.port = (this.server.address() as AddressInfo).port;
		this.url = `http://${host}:${this.port}`;
	}

	get switches(): Readonly<FakeTomovieeSwitches> {
		return this.current;
	}

	configure(partial: Partial<FakeTomovieeSwitches>): void {
		const unknown = unknownSwitchNames(partial);
		if (unknown.length > 0) throw new Error(`fake-tomoviee: unknown switch(es) ${unknown.join(', ')}`);
		const problems = partial.faults === undefined ? [] : faultRuleProblems(partial.faults);
		if (problems.length > 0) throw new Error(`fake-tomoviee: ${problems.join('; ')}`);
		this.current = { ...this.current, ...partial };
		if (partial.faults !== undefined) this.faultPlan = new FaultPlan(partial.faults);
	}

	reset(): void {
		this.current = FakeTomovieeServer.switchesFrom(this.startOptions);
		this.faultPlan = new FaultPlan(this.current.faults);
		this.taskTimers.clear();
		this.store.clear();
		this.log.clear();
		this.callbackSender.clearLog();
		this.inputFetcher.abortAll();
		this.inputFetcher.clearLog();
		this.pendingInputs.clear();
	}

	async close(): Promise<void> {
		this.taskTimers.clear();
		this.requestTimers.clear();
		this.callbackSender.abortAll();
		this.inputFetcher.abortAll();
		const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
		for (const socket of this.sockets) socket.destroy();
		this.server.closeAllConnections();
		await closed;
	}

	requests(filter?: RequestFilter): LoggedRequest[] {
		return this.log.list(filter);
	}

	countRequests(filter?: RequestFilter): number {
		return this.log.count(filter);
	}

	createRequestCount(): number {
		return this.log.count({ route: 'create' });
	}

	queryRequestCount(taskId?: string): number {
		return this.log.count({ route: 'query', taskId });
	}

	clearRequests(): void {
		this.log.clear();
	}

	tasks(): TaskRecord[] {
		return this.store.list();
	}

	task(taskId: string): TaskRecord | undefined {
		return this.store.get(taskId);
	}

	taskData(taskId: string, atMs = Date.now()): TaskData | undefined {
		const task = this.store.get(taskId);
		if (!task) return undefined;
		const data = this.store.view(task, atMs, this.url, this.current.progressField, this.current.hints);
		const running = data.status === TaskStatus.Queued || data.status === TaskStatus.Processing;
		const unknownCode = this.current.runningStatusCode;
		return running && unknownCode !== undefined ? { ...data, status: unknownCode as TaskData['status'] } : data;
	}

	videoUrl(taskId: string): string {
		const task = this.store.get(taskId);
		if (!task) throw new Error(`fake-tomoviee: no task ${taskId}`);
		return this.store.videoUrl(task, this.url);
	}

	callbacks(): CallbackDelivery[] {
		return [...this.callbackSender.deliveries];
	}

	inputFetches(): InputFetch[] {
		return [...this.inputFetcher.fetches];
	}

	authHeaders(): Record<string, string> {
		const token = Buffer.from(`${this.current.appKey}:${this.current.appSecret}`).toString('base64');
		return { Authorization: `Basic ${token}`, 'X-App-Key': this.current.appKey, 'Content-Type': 'application/json' };
	}

	private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
		const url = new URL(request.url ?? '/', 'http://fake.invalid');
		let bodyText: string;
		try {
			bodyText = await readBody(request);
		} catch (error) {
			if (error instanceof BodyTooLargeError) sendJson(response, 413, { code: 413, msg: error.message, data: null });
			else request.socket.destroy();
			return;
		}
		if (url.pathname.startsWith('/__fake/')) {
			handleAdminRequest(this, request, response, url, parseBody(bodyText));
			return;
		}
		const route = routeOf(url.pathname);
		const entry = this.log.add({
			time: new Date().toISOString(),
			timeMs: Date.now(),
			method: request.method ?? 'GET',
			path: url.pathname + url.search,
			route,
			headers: request.headers,
			body: parseBody(bodyText),
		});
		if (this.current.foreignHost !== 'none' && route !== 'video') {
			return sendForeignHostAnswer(response, this.current.foreignHost);
		}
		if (route === 'video') return this.serveVideo(request, response, url, entry);
		if (route === 'other') return sendJson(response, 404, { code: 404, msg: 'not found', data: null });
		if (request.method !== 'POST') return sendJson(response, 405, { code: 405, msg: 'method not allowed', data: null });
		return this.answerApi(route, request, response, entry);
	}

	private async answerApi(
		route: ApiRoute,
		request: IncomingMessage,
		response: ServerResponse,
		entry: LoggedRequest,
	): Promise<void> {
		const fault = this.faultPlan.pick(route);
		entry.fault = fault?.kind;
		const faultAfterCreate = fault !== undefined && route === 'create' && fault.when === 'afterCreate';
		if (fault && !faultAfterCreate && (await this.applyFault(fault, request, response)) === 'answered') return;

		entry.authorized = this.isAuthorized(request);
		if (!entry.authorized) return this.sendUnauthorized(response, this.current.authFailureStatus);

		const capabilityId = route === 'create' ? (capabilityOfPath(entry.path.split('?')[0]) ?? '') : '';
		if (route === 'create' && this.atTaskLimit(entry, capabilityId)) {
			entry.refused = 'taskLimit';
			const limit = this.current.maxConcurrentTasks;
			const msg = `too many concurrent tasks: your plan allows ${limit} at once`;
			return this.sendRateLimited(response, msg, 1);
		}
		const envelope = route === 'create' ? this.createTask(entry, capabilityId) : this.queryTask(entry);
		// The task now exists: a fault here is what makes a client retry and risk a duplicate task.
		if (fault && faultAfterCreate && (await this.applyFault(fault, request, response)) === 'answered') return;
		const unknownTask = route === 'query' && envelope.code === FakeErrorCode.TaskNotFound;
		sendJson(response, unknownTask ? this.current.unknownTaskStatus : 200, envelope);
	}

	/** A rate limit as the rateLimitAnswer switch words it. */
	private sendRateLimited(response: ServerResponse, msg: string, retryAfterSeconds: number | null): void {
		if (this.current.rateLimitAnswer === 'chinese200') {
			const code = FakeErrorCode.RateLimited;
			return sendJson(response, 200, { code, msg: FakeErrorMessage[code], data: null });
		}
		const headers: Record<string, string> =
			retryAfterSeconds === null ? {} : { 'Retry-After': String(retryAfterSeconds) };
		sendJson(response, 429, { code: 429, msg, data: null }, headers);
	}

	private async applyFault(
		fault: FaultRule,
		request: IncomingMessage,
		response: ServerResponse,
	): Promise<'answered' | 'continue'> {
		switch (fault.kind) {
			case 'http429': {
				const retryAfter = fault.retryAfterSeconds === undefined ? 1 : fault.retryAfterSeconds;
				this.sendRateLimited(response, 'too many requests', retryAfter);
				return 'answered';
			}
			case 'http502':
			case 'http503':
			case 'http504':
				sendGatewayHtml(response, Number(fault.kind.slice(4)) as 502 | 503 | 504);
				return 'answered';
			case 'reset':
				request.socket.resetAndDestroy();
				return 'answered';
			case 'auth':
				this.sendUnauthorized(response, fault.authStatus ?? this.current.authFailureStatus);
				return 'answered';
			case 'slow':
				await this.requestTimers.sleep(fault.delayMs ?? DEFAULT_SLOW_DELAY_MS);
				return response.destroyed ? 'answered' : 'continue';
			case 'redirect': {
				const target = new URL(request.url ?? '/', `${String(fault.location).replace(/\/+$/, '')}/`);
				const location = `${String(fault.location).replace(/\/+$/, '')}${target.pathname}${target.search}`;
				sendJson(response, fault.redirectStatus ?? 307, { moved: location }, { Location: location });
				return 'answered';
			}
		}
	}

	private isAuthorized(request: IncomingMessage): boolean {
		const expected = Buffer.from(`${this.current.appKey}:${this.current.appSecret}`).toString('base64');
		const [scheme, token] = (request.headers.authorization ?? '').split(' ');
		return (
			scheme?.toLowerCase() === 'basic' && token === expected && request.headers['x-app-key'] === this.current.appKey
		);
	}

	private sendUnauthorized(response: ServerResponse, status: AuthFailureStatus): void {
		sendJson(response, status, errorEnvelope(FakeErrorCode.Unauthorized));
	}

	private dataFor(route: ApiRoute, data: object): unknown {
		const asString = this.current.dataAsString;
		return asString === 'both' || asString === route ? JSON.stringify(data) : data;
	}

	/** A valid create while the account already runs as many tasks as its plan allows (maxConcurrentTasks). */
	private atTaskLimit(entry: LoggedRequest, capabilityId: string): boolean {
		const limit = this.current.maxConcurrentTasks;
		if (!(limit > 0) || !this.isValidCreate(entry.body, capabilityId)) return false;
		return this.store.runningCount(Date.now()) >= limit;
	}

	private isValidCreate(body: unknown, capabilityId: string): boolean {
		if (capabilityId === CAPABILITY) return validateCreateBody(body).ok;
		const capability = fakeCapability(capabilityId);
		return capability !== undefined && validateCapabilityBody(capability, body) === undefined;
	}

	private createTask(entry: LoggedRequest, capabilityId: string): ApiEnvelope {
		if (capabilityId !== CAPABILITY) return this.createCapabilityTask(entry, capabilityId);
		const validation = validateCreateBody(entry.body);
		if (!validation.ok) return errorEnvelope(validation.code);
		const directives = parseDirectives(validation.value.prompt);
		const refusal = this.current.createRefusal;
		if (refusal) return { code: refusal.code, msg: refusal.msg, data: null };
		const rejection = directives.createRejection ?? this.current.createRejection;
		if (rejection === 'insufficientBalance') return errorEnvelope(FakeErrorCode.InsufficientBalance);
		if (rejection === 'capabilityNotEnabled') return errorEnvelope(FakeErrorCode.CapabilityNotEnabled);

		const task = this.store.create({ ...validation.value }, directives, this.current, Date.now());
		entry.taskId = task.taskId;
		this.fetchInputs(task);
		this.scheduleCallback(task);
		return { code: 0, msg: '', data: this.dataFor('create', { task_id: task.taskId }) };
	}

	/** A create of a capability beside image-to-video (capabilities.ts): its own validation and result keys. */
	private createCapabilityTask(entry: LoggedRequest, capabilityId: string): ApiEnvelope {
		const capability = fakeCapability(capabilityId);
		const notEnabled = `permission denied: capability ${capabilityId} is not enabled for this app`;
		if (!capability) return errorEnvelope(FakeErrorCode.CapabilityNotEnabled, notEnabled);
		const code = validateCapabilityBody(capability, entry.body);
		if (code !== undefined) return errorEnvelope(code);
		const body = entry.body as Record<string, unknown>;
		const directives = parseDirectives([body.prompt, body.text].filter((text) => typeof text === 'string').join(' '));
		const rejection = directives.createRejection ?? this.current.createRejection;
		if (rejection === 'insufficientBalance') return errorEnvelope(FakeErrorCode.InsufficientBalance);
		if (rejection === 'capabilityNotEnabled') return errorEnvelope(FakeErrorCode.CapabilityNotEnabled, notEnabled);

		const request = { ...body } as CreateTaskBody & Record<string, unknown>;
		const outputs = capability.outputs(body, this.current);
		const task = this.store.create(request, directives, this.current, Date.now(), capabilityId, outputs);
		entry.taskId = task.taskId;
		this.fetchInputs(task);
		this.scheduleCallback(task);
		return { code: 0, msg: '', data: this.dataFor('create', { task_id: task.taskId }) };
	}

	private queryTask(entry: LoggedRequest): ApiEnvelope {
		const validation = validateQueryBody(entry.body);
		if (!validation.ok) return errorEnvelope(validation.code);
		entry.taskId = validation.value;
		const data = this.taskData(validation.value);
		if (!data) return errorEnvelope(FakeErrorCode.TaskNotFound);
		const taskErrorCode = TASK_ERROR_CODES[data.status];
		if (taskErrorCode !== undefined && this.current.failedTaskAnswer === 'taskErrorCode') {
			return { code: taskErrorCode, msg: data.reason, data: this.dataFor('query', data) };
		}
		return { code: 0, msg: 'success', data: this.dataFor('query', data) };
	}

	/** fetchInputs: downloads the task's input URLs; the first that fails makes the task fail with its reason. */
	private fetchInputs(task: TaskRecord): void {
		const mode = this.current.fetchInputs;
		if (mode === 'off') return;
		task.inputsPending = true;
		const done = this.inputFetcher.fetchAll(task.taskId, task.request, mode).then((fetches) => {
			const failed = fetches.find((fetch) => fetch.error !== undefined);
			if (failed) {
				task.outcome = 'fail';
				task.failureReason = fetchFailureReason(failed);
			}
			task.inputsPending = false;
			this.pendingInputs.delete(task.taskId);
		});
		this.pendingInputs.set(task.taskId, done);
	}

	private scheduleCallback(task: TaskRecord): void {
		const callbackUrl = task.request.callback;
		if (!callbackUrl || task.callbackMode === 'never') return;
		const finalAfterMs = task.queueMs + task.processingMs;
		const dueMs = finalAfterMs + (task.callbackMode === 'late' ? task.callbackDelayMs : 0);
		const deliver = (attempt: number) =>
			this.callbackSender.send(
				{
					taskId: task.taskId,
					url: callbackUrl,
					attempt,
					// A timer may fire a millisecond before the clock reads the task as final: read it at its end at least.
					body: this.taskData(task.taskId, Math.max(Date.now(), task.createdAtMs + finalAfterMs)),
					shape: this.current.callbackBody,
					method: this.current.callbackMethod,
					query: this.current.callbackQuery,
				},
				this.current.callbackAllowRemoteHosts,
				this.current.callbackTimeoutMs,
			);
		this.taskTimers.after(dueMs, async () => {
			// A task still downloading its inputs is not final yet: its callback waits for the downloads.
			await this.pendingInputs.get(task.taskId);
			deliver(1);
			if (task.callbackMode === 'twice') this.taskTimers.after(this.current.callbackRepeatGapMs, () => deliver(2));
		});
	}

	private async serveVideo(
		request: IncomingMessage,
		response: ServerResponse,
		url: URL,
		entry: LoggedRequest,
	): Promise<void> {
		const fileName = decodeURIComponent(STORAGE_PATH.exec(url.pathname)?.[1] ?? '');
		const file = this.store.findFile(fileName);
		const taskId = file?.task.taskId ?? fileName.replace(/\.[a-z0-9]+$/, '');
		entry.taskId = taskId;
		if (request.method !== 'GET' && request.method !== 'HEAD')
			return sendStorageError(response, 404, 'MethodNotAllowed', 'Method not allowed.');
		const fault = this.faultPlan.pick('video');
		entry.fault = fault?.kind;
		if (fault && (await this.applyFault(fault, request, response)) === 'answered') return;

		const task = file?.task;
		const hasVideo =
			task !== undefined && task.outcome === 'success' && this.taskData(taskId)?.status === TaskStatus.Succeeded;
		const failure = task?.videoFailure ?? this.current.videoFailure;
		if (!task || !hasVideo || failure === 'notFound') {
			return sendStorageError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
		}
		const expires = Number(url.searchParams.get('Expires'));
		if (!this.signer.isValidFile(fileName, expires, url.searchParams.get('Signature') ?? '')) {
			return sendStorageError(
				response,
				403,
				'SignatureDoesNotMatch',
				'The request signature we calculated does not match the signature you provided.',
			);
		}
		if (failure === 'expired' || expires < Date.now() / 1000) {
			return sendStorageError(response, 403, 'AccessDenied', 'Request has expired.');
		}
		this.streamVideo(request, response, task.videoSizeBytes, failure === 'truncate', file.kind);
	}

	private streamVideo(
		request: IncomingMessage,
		response: ServerResponse,
		sizeBytes: number,
		truncate: boolean,
		kind: FakeFileKindName = 'video',
	): void {
		response.writeHead(200, { 'Content-Type': FILE_TYPES[kind].contentType, 'Content-Length': String(sizeBytes) });
		if (request.method === 'HEAD') {
			response.end();
			return;
		}
		const bytesToSend = truncate
			? Math.min(this.current.videoTruncateAtBytes ?? Math.floor(sizeBytes / 2), sizeBytes)
			: sizeBytes;
		const video = createFakeFileStream(kind, sizeBytes, bytesToSend);
		response.on('close', () => video.destroy());
		if (!truncate) {
			video.pipe(response);
			return;
		}
		video.pipe(response, { end: false });
		// Flush what was written, then close the connection short of the advertised Content-Length.
		video.on('end', () => request.socket.end());
	}
}

export async function startFakeTomoviee(options: FakeTomovieeOptions = {}): Promise<FakeTomoviee> {
	const fake = new FakeTomovieeServer(options);
	await fake.listen();
	return fake;
}
