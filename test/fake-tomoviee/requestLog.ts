/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
import type { IncomingHttpHeaders } from 'node:http';
import type { FaultKind } from './options';

export type RequestRoute = 'create' | 'query' | 'video' | 'other';

export interface LoggedRequest {
	seq: number;
	/** ISO time the request arrived. */
	time: string;
	timeMs: number;
	method: string;
	/** Path with query string. */
	path: string;
	route: RequestRoute;
	headers: IncomingHttpHeaders;
	/** Parsed JSON body, the raw text when it is not JSON, undefined when empty. */
	body: unknown;
	/** create: the task created by this request (if any); query/video: the task asked for. */
	taskId?: string;
	authorized?: boolean;
	fault?: FaultKind;
	/** create: refused because the account's limit on tasks at once was reached (maxConcurrentTasks). */
	refused?: 'taskLimit';
}

export interface RequestFilter {
	route?: RequestRoute;
	taskId?: string;
	method?: string;
}

const REDACTED = '[REDACTED]';

/** Everything the fake received (admin calls excluded), for tests to assert on. */
export class RequestLog {
	private entries: LoggedRequest[] = [];
	private nextSeq = 1;

	add(entry: Omit<LoggedRequest, 'seq'>): LoggedRequest {
		const logged = { seq: this.nextSeq++, ...entry };
		this.entries.push(logged);
		return logged;
	}

	list(filter: RequestFilter = {}): LoggedRequest[] {
		return this.entries.filter(
			(entry) =>
				(filter.route === undefined || entry.route === filter.route) &&
				(filter.taskId === undefined || entry.taskId === filter.taskId) &&
				(filter.method === undefined || entry.method === filter.method.toUpperCase()),
		);
	}

	count(filter: RequestFilter = {}): number {
		return this.list(filter).length;
	}

	clear(): void {
		this.entries = [];
	}
}

/** Copy for the admin endpoint: the Authorization value never leaves the process. */
export function redactRequest(entry: LoggedRequest): LoggedRequest {
	const headers = { ...entry.headers };
	if (headers.authorization !== undefined) headers.authorization = REDACTED;
	return { ...entry, headers };
}
