/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node test tooling, not n8n runtime code */
import http from 'node:http';
import https from 'node:https';
import type { CallbackBody } from './options';

export interface CallbackDelivery {
	taskId: string;
	url: string;
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
 * Sends task callbacks and records how each went. A failing receiver is logged, never thrown:
 * the fake must keep serving other requests.
 */
export class CallbackSender {
	readonly deliveries: CallbackDelivery[] = [];
	private readonly inFlight = new Set<http.ClientRequest>();
	private aborted = false;

	send(
		delivery: Omit<CallbackDelivery, 'time' | 'statusCode' | 'error'> & { shape?: CallbackBody },
		allowRemoteHosts: boolean,
		timeoutMs = 10_000,
	): void {
		const { shape = 'flat', ...logged } = delivery;
		const record: CallbackDelivery = { ...logged, time: new Date().toISOString() };
		this.deliveries.push(record);
		let url: URL;
		try {
			url = new URL(delivery.url);
		} catch {
			record.error = 'invalid callback URL';
			return;
		}
		if (!allowRemoteHosts && !isLoopbackHost(url.hostname)) {
			record.error = `refused: ${url.hostname} is not a loopback host (set callbackAllowRemoteHosts)`;
			return;
		}
		const { payload, contentType } = callbackPayload(delivery.body, shape);
		this.post(url, payload, contentType, record, timeoutMs);
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

	private post(
		url: URL,
		payload: string,
		contentType: string | undefined,
		record: CallbackDelivery,
		timeoutMs: number,
	): void {
		const client = url.protocol === 'https:' ? https : http;
		const request = client.request(url, {
			method: 'POST',
			headers: {
				...(contentType ? { 'Content-Type': contentType } : {}),
				'Content-Length': Buffer.byteLength(payload),
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
