import http from 'node:http';
import https from 'node:https';

export interface CallbackDelivery {
	taskId: string;
	url: string;
	/** 1 for the first delivery, 2 for the repeat of callbackMode 'twice'. */
	attempt: number;
	time: string;
	body: unknown;
	statusCode?: number;
	error?: string;
}

const CALLBACK_TIMEOUT_MS = 10_000;
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

	send(delivery: Omit<CallbackDelivery, 'time' | 'statusCode' | 'error'>, allowRemoteHosts: boolean): void {
		const record: CallbackDelivery = { ...delivery, time: new Date().toISOString() };
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
		this.post(url, JSON.stringify(delivery.body), record);
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

	private post(url: URL, payload: string, record: CallbackDelivery): void {
		const client = url.protocol === 'https:' ? https : http;
		const request = client.request(url, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) },
			timeout: CALLBACK_TIMEOUT_MS,
			agent: false,
		});
		this.inFlight.add(request);
		request.on('response', (response) => {
			record.statusCode = response.statusCode;
			response.resume();
			response.on('end', () => this.inFlight.delete(request));
		});
		request.on('timeout', () => request.destroy(new Error('callback timed out')));
		request.on('error', (error) => {
			record.error = error.message;
			this.inFlight.delete(request);
			// Aborts on close are expected; logging them would print after jest finished.
			if (!this.aborted) console.warn(`[fake-tomoviee] callback to ${url.origin}${url.pathname} failed: ${error.message}`);
		});
		request.on('close', () => this.inFlight.delete(request));
		request.end(payload);
	}
}
