/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from './callbacks';
import type { FakeTomovieeSwitches } from './options';
import { redactRequest, type RequestFilter, type RequestRoute } from './requestLog';
import type { FakeTomoviee } from './server';
import { isPlainObject } from './validation';
import { sendJson } from './responses';

/**
 * Admin endpoint for e2e scripts that drive the fake over HTTP (no auth; loopback callers only):
 *   GET  /__fake/health            {ok: true}
 *   GET  /__fake/config            current switches (durationSampler is in-process only)
 *   POST /__fake/config            JSON partial switches; unknown names -> 400
 *   POST /__fake/reset             back to start options; an optional JSON body is applied afterwards
 *   GET  /__fake/requests          request log, Authorization redacted; ?route=create|query|video|other&taskId=...
 *   DELETE /__fake/requests        clears the log
 *   GET  /__fake/tasks             every task record with its current `data`
 *   GET  /__fake/tasks/<taskId>    one of them (404 if unknown)
 *   GET  /__fake/callbacks         callback deliveries and their outcome
 *   GET  /__fake/fetches           downloads of input URLs (switch fetchInputs) and their outcome
 */
export function handleAdminRequest(
	fake: FakeTomoviee,
	request: IncomingMessage,
	response: ServerResponse,
	url: URL,
	body: unknown,
): void {
	const remote = (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
	if (!isLoopbackHost(remote)) return sendJson(response, 403, { error: 'admin endpoint is loopback only' });
	try {
		routeAdmin(fake, request.method ?? 'GET', url, body, response);
	} catch (error) {
		sendJson(response, 400, { error: (error as Error).message });
	}
}

function routeAdmin(fake: FakeTomoviee, method: string, url: URL, body: unknown, response: ServerResponse): void {
	const path = url.pathname.replace(/\/+$/, '');
	const key = `${method} ${path}`;
	if (key === 'GET /__fake/health') return sendJson(response, 200, { ok: true, url: fake.url });
	if (key === 'GET /__fake/config') return sendJson(response, 200, fake.switches);
	if (key === 'POST /__fake/config') {
		fake.configure(switchesFromBody(body));
		return sendJson(response, 200, fake.switches);
	}
	if (key === 'POST /__fake/reset') {
		fake.reset();
		if (body !== undefined) fake.configure(switchesFromBody(body));
		return sendJson(response, 200, fake.switches);
	}
	if (key === 'GET /__fake/requests') {
		const requests = fake.requests(filterFrom(url)).map(redactRequest);
		return sendJson(response, 200, { count: requests.length, requests });
	}
	if (key === 'DELETE /__fake/requests') {
		fake.clearRequests();
		return sendJson(response, 200, { ok: true });
	}
	if (key === 'GET /__fake/tasks') {
		const tasks = fake.tasks().map((task) => ({ ...task, data: fake.taskData(task.taskId) }));
		return sendJson(response, 200, { count: tasks.length, tasks });
	}
	if (method === 'GET' && path.startsWith('/__fake/tasks/')) {
		const taskId = decodeURIComponent(path.slice('/__fake/tasks/'.length));
		const task = fake.task(taskId);
		if (!task) return sendJson(response, 404, { error: `no task ${taskId}` });
		return sendJson(response, 200, { ...task, data: fake.taskData(taskId) });
	}
	if (key === 'GET /__fake/callbacks') return sendJson(response, 200, { callbacks: fake.callbacks() });
	if (key === 'GET /__fake/fetches') return sendJson(response, 200, { fetches: fake.inputFetches() });
	sendJson(response, 404, { error: `unknown admin route ${key}` });
}

function switchesFromBody(body: unknown): Partial<FakeTomovieeSwitches> {
	if (!isPlainObject(body)) throw new Error('expected a JSON object of switches');
	return body as Partial<FakeTomovieeSwitches>;
}

function filterFrom(url: URL): RequestFilter {
	const route = url.searchParams.get('route');
	const taskId = url.searchParams.get('taskId');
	return {
		route: route ? (route as RequestRoute) : undefined,
		taskId: taskId ?? undefined,
	};
}
