/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { createHash } from 'node:crypto';
import { isLoopbackHost } from './callbacks';
import type { FetchInputs } from './options';
import { parseHttpUrl } from './validation';

/**
 * The create-body fields that name a file the service must download before it can work (every capability's,
 * capabilities.ts). The real service fetches them; a URL it cannot reach fails the task, not the create.
 */
export const INPUT_URL_FIELDS = [
	'image',
	'image_tail',
	'reference_image',
	'init_image',
	'mask_url',
	'video',
	'file_link',
];

/** One download of an input URL, for tests to prove what the service would have read. */
export interface InputFetch {
	taskId: string;
	field: string;
	url: string;
	time: string;
	statusCode?: number;
	contentType?: string;
	bytes?: number;
	/** SHA-256 (hex) of the body received, when the answer was 2xx. */
	sha256?: string;
	/** Why the input could not be used; set on a non-2xx answer, a network error or a refused host. */
	error?: string;
}

const FETCH_TIMEOUT_MS = 10_000;

/** The input URLs of a create body, in INPUT_URL_FIELDS order. */
export function inputUrlsOf(body: Record<string, unknown>): Array<{ field: string; url: string }> {
	return INPUT_URL_FIELDS.filter((field) => parseHttpUrl(body[field]) !== undefined).map((field) => ({
		field,
		url: String(body[field]),
	}));
}

/** The task's failure reason for a fetch that went wrong (the first one, in field order). */
export function fetchFailureReason(fetch: InputFetch): string {
	return `could not fetch '${fetch.field}' (${fetch.url}): ${fetch.error}`;
}

/** Downloads input URLs (switch fetchInputs) and remembers each result; close() aborts those in flight. */
export class InputFetcher {
	readonly fetches: InputFetch[] = [];
	private readonly controllers = new Set<AbortController>();

	/** Fetches every input URL of a task; resolves with the records (never rejects). */
	async fetchAll(taskId: string, body: Record<string, unknown>, mode: FetchInputs): Promise<InputFetch[]> {
		return Promise.all(inputUrlsOf(body).map(({ field, url }) => this.fetchOne(taskId, field, url, mode)));
	}

	abortAll(): void {
		for (const controller of this.controllers) controller.abort();
		this.controllers.clear();
	}

	clearLog(): void {
		this.fetches.length = 0;
	}

	private async fetchOne(taskId: string, field: string, url: string, mode: FetchInputs): Promise<InputFetch> {
		const record: InputFetch = { taskId, field, url, time: new Date().toISOString() };
		this.fetches.push(record);
		const hostname = new URL(url).hostname;
		if (mode === 'loopback' && !isLoopbackHost(hostname)) {
			record.error = `refused: ${hostname} is not a loopback host (set fetchInputs to 'any')`;
			return record;
		}
		const controller = new AbortController();
		this.controllers.add(controller);
		const timer = setTimeout(() => controller.abort(new Error('timed out')), FETCH_TIMEOUT_MS);
		try {
			const response = await fetch(url, { signal: controller.signal, redirect: 'follow' });
			const body = Buffer.from(await response.arrayBuffer());
			record.statusCode = response.status;
			record.contentType = response.headers.get('content-type') ?? undefined;
			record.bytes = body.length;
			if (response.ok) record.sha256 = createHash('sha256').update(body).digest('hex');
			else record.error = `HTTP ${response.status}`;
		} catch (error) {
			const cause = (error as { cause?: Error }).cause;
			record.error = cause?.message ?? (error as Error).message;
		} finally {
			clearTimeout(timer);
			this.controllers.delete(controller);
		}
		return record;
	}
}
