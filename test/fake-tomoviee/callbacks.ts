/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node test tooling, not n8n runtime code */
import http from 'node:http';
import https from 'node:https';
import type { CallbackBody, CallbackMethod } from './options';

export interface CallbackDelivery {
	taskId: string;
	/** The URL called: the task's callback with the callbackQuery parameters appended. */
	url: string;
	method: CallbackMethod;
	/** 1 for the first delivery, 2 for the repeat of callbackMode 'twice'. */
	attempt: number;
	time: string;
	body: unknown;
	statusCode?: number;
	/** Milliseconds from sending until the receiver's answer (its status line) arrived. */
	answeredMs?: number;
	error?: string;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function isLoopbackHost(hostname: string): boolean {
	return LOOPBACK_HOSTS.has(hostname) || hostname.startsWith('127.');
}

/**
 * Sends task callbacks (by the callbackMethod, to the callback URL plus the callbackQuery) and records how each went.
 * A failing receiver is logged, never thrown: the fake must keep serving other requests.
 */
export class CallbackSender {
	readonly deliveries: CallbackDelivery[] = [];
	private readonly inFlight = new Set<http.ClientRequest>();
	private aborted = false;

	send(
		delivery: Omit<CallbackDelivery, 'time' | 'statusCode' | 'error' | 'method'> & {
			shape?: CallbackBody;
			method?: CallbackMethod;
			/** Appended to the URL's query; `{task_id}` and `{status}` in a value become the task's. */
			query?: Record<string, string>;
		},
		allowRemoteHosts: boolean,
		timeoutMs = 10_000,
	): void {
		const { shape = 'flat', method = 'POST', query = {}, ...logged } = delivery;
		const record: CallbackDelivery = { ...logged, method, time: new Date().toISOString() };
		this.deliveries.push(record);
		let url: URL;
		try {
			url = new URL(delivery.url);
		} catch {
			record.error = 'invalid callback URL';
			return;
		}
		for (const [name, value] of Object.entries(query)) {
			url.searchParams.append(name, fillTaskFields(value, delivery.body));
		}
		record.url = url.toString();
		if (!allowRemoteHosts && !isLoopbackHost(url.hostname)) {
			record.error = `refused: ${url.hostname} is not a loopback host (set callbackAllowRemoteHosts)`;
			return;
		}
		const { payload, contentType } = callbackPayload(delivery.body, shape);
		this.call(url, method, payload, contentType, record, timeoutMs);
	}

	/** Aborts deliveries still in flight (on close). */
	abortAll(): void {
		this.aborted = true;
		for (const request of this.inFlight) request.destroy();
		this.inFlight.clear();
	}

	clearLog(): void {
		this.deliveries.length = 0;
	}

	private call(
		url: URL,
		method: CallbackMethod,
		payload: string,
		contentType: string | undefined,
		record: CallbackDelivery,
		timeoutMs: number,
	): void {
		const client = url.protocol === 'https:' ? https : http;
		const request = client.request(url, {
			method,
			headers: {
				...(contentType ? { 'Content-Type': contentType } : {}),
				// A GET without a body sends no Content-Length, as a plain GET would.
				...(method === 'GET' && payload === '' ? {} : { 'Content-Length': Buffer.byteLength(payload) }),
			},
			timeout: timeoutMs,
			agent: false,
		});
		this.inFlight.add(request);
		const sentAt = Date.now();
		request.on('response', (response) => {
			record.statusCode = response.statusCode;
			record.answeredMs = Date.now() - sentAt;
			response.resume();
			response.on('end', () => this.inFlight.delete(request));
		});
		request.on('timeout', () => request.destroy(new Error('callback timed out')));
		request.on('error', (error) => {
			record.error = error.message;
			this.inFlight.delete(request);
			// Aborts on close are expected; logging them would print after jest finished.
			if (!this.aborted)
				console.warn(`[fake-tomoviee] callback to ${url.origin}${url.pathname} failed: ${error.message}`);
		});
		request.on('close', () => this.inFlight.delete(request));
		request.end(payload);
	}
}

/** `{task_id}` and `{status}` in a callbackQuery value become the task's (from the task object sent). */
function fillTaskFields(value: string, task: unknown): string {
	const fields = (task ?? {}) as Record<string, unknown>;
	return value.replace(/\{(task_id|status)\}/g, (_, name: string) => String(fields[name] ?? ''));
}

/** The body of a callback in each shape the undocumented callback might take. */
export function callbackPayload(task: unknown, shape: CallbackBody): { payload: string; contentType?: string } {
	switch (shape) {
		case 'flat':
			return { payload: JSON.stringify(task), contentType: 'application/json' };
		case 'envelope':
			return { payload: JSON.stringify({ code: 0, msg: 'success', data: task }), contentType: 'application/json' };
		case 'envelopeString':
			return {
				payload: JSON.stringify({ code: 0, msg: 'success', data: JSON.stringify(task) }),
				contentType: 'application/json',
			};
		case 'form': {
			const fields = Object.entries((task ?? {}) as Record<string, unknown>).map(([key, value]): [string, string] => [
				key,
				String(value),
			]);
			return { payload: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' };
		}
		case 'empty':
			return { payload: '' };
	}
}
