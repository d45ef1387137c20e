/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-hardcoded-secrets -- Node test tooling, not n8n runtime code; its credentials are made-up test values */
/**
 * The slice of n8n's internal REST API the e2e runs, the queue run and `npm start` use: owner setup, login, the
 * credential test, workflows and their executions. Shapes read from n8n's own controllers (owner.controller,
 * auth.controller, credentials.controller, workflows.controller, executions.controller): the session is the
 * `n8n-auth` cookie, bound to the `browser-id` header sent at login, so every call repeats that header.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { until } from './polling';

export interface OwnerAccount {
	email: string;
	firstName: string;
	lastName: string;
	/** n8n's rule: 8-64 characters with a number and a capital letter. */
	password: string;
}

export const LOCAL_OWNER: OwnerAccount = {
	email: 'owner@tomoviee.local',
	firstName: 'Local',
	lastName: 'Owner',
	password: 'Tomoviee-local-1',
};

export interface CredentialTestAnswer {
	status: 'OK' | 'Error';
	message?: string;
}

/** An execution as n8n's execution list shows it. */
export interface ExecutionSummary {
	id: string;
	status: string;
	workflowId: string;
	startedAt?: string | null;
	stoppedAt?: string | null;
}

export class N8nRestClient {
	private cookie = '';
	readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(
		method: string,
		path: string,
		body?: unknown,
	): Promise<{ status: number; data: T; raw: string }> {
		const response = await fetch(`${this.baseUrl}${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const setCookie = response.headers.getSetCookie?.() ?? [];
		const auth = setCookie.find((c) => c.startsWith('n8n-auth='));
		if (auth) this.cookie = auth.split(';')[0];
		const raw = await response.text();
		let parsed: unknown = raw;
		try {
			parsed = JSON.parse(raw);
		} catch {
			/* not JSON: keep the text */
		}
		const data = (
			parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed
		) as T;
		return { status: response.status, data, raw };
	}

	/** Creates the instance owner (only possible once, on a fresh instance). */
	async setupOwner(owner: OwnerAccount = LOCAL_OWNER): Promise<void> {
		const answer = await this.request('POST', '/rest/owner/setup', owner);
		if (answer.status !== 200)
			throw new Error(`owner setup answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
	}

	async login(owner: OwnerAccount = LOCAL_OWNER): Promise<void> {
		const answer = await this.request('POST', '/rest/login', {
			emailOrLdapLoginId: owner.email,
			password: owner.password,
		});
		if (answer.status !== 200 || !this.cookie) {
			throw new Error(`login answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
		}
	}

	/**
	 * Sets up the owner and logs in once n8n can: its health check passes while its migrations still run, and until
	 * they end it answers "n8n is starting up" (or 404/503).
	 */
	async signInWhenReady(timeoutMs = 180_000): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		for (const step of [() => this.setupOwner(), () => this.login()]) {
			for (;;) {
				try {
					await step();
					break;
				} catch (error) {
					if (Date.now() > deadline || !/starting up|Cannot POST|HTTP 404|HTTP 503/i.test(String(error))) throw error;
					await sleep(2000);
				}
			}
		}
	}

	/** Waits until n8n lists a node type: community packages finish loading a little after the REST API answers. */
	async untilNodeTypeListed(type: string, timeoutMs: number): Promise<void> {
		await until(
			`n8n to list ${type}`,
			async () => ((await this.nodeTypeNames()).includes(type) ? true : undefined),
			timeoutMs,
		);
	}

	/** Saves a credential as the credential dialog does; returns its id. */
	async createCredential(credential: { name: string; type: string; data: Record<string, unknown> }): Promise<string> {
		const answer = await this.request<{ id?: string }>('POST', '/rest/credentials', credential);
		if (answer.status !== 200 || !answer.data?.id) {
			throw new Error(`credential create answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
		}
		return answer.data.id;
	}

	/** n8n's "Test" button of the credential dialog, for a stored credential (n8n requires its id). */
	async testCredential(credential: {
		id: string;
		name: string;
		type: string;
		data: Record<string, unknown>;
	}): Promise<CredentialTestAnswer> {
		const answer = await this.request<CredentialTestAnswer>('POST', '/rest/credentials/test', {
			credentials: credential,
		});
		if (answer.status !== 200)
			throw new Error(`credential test answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
		return answer.data;
	}

	/** Node types the server loaded (the list the editor's node panel is built from). */
	async nodeTypeNames(): Promise<string[]> {
		const answer = await this.request<Array<{ name: string }>>('GET', '/types/nodes.json');
		if (answer.status !== 200 || !Array.isArray(answer.data)) {
			// Served as a plain array, not wrapped in { data }.
			throw new Error(`/types/nodes.json answered HTTP ${answer.status}`);
		}
		return answer.data.map((t) => t.name);
	}

	async createWorkflow(workflow: object): Promise<{ id: string; versionId: string }> {
		const created = await this.request<{ id: string; versionId: string }>('POST', '/rest/workflows', workflow);
		if (created.status !== 200) throw new Error(`create workflow: HTTP ${created.status} ${created.raw.slice(0, 300)}`);
		return created.data;
	}

	/** Creates and activates a workflow (its production webhooks then answer); returns its id. */
	async deployWorkflow(workflow: object): Promise<string> {
		const created = await this.createWorkflow(workflow);
		const activated = await this.request('POST', `/rest/workflows/${created.id}/activate`, {
			versionId: created.versionId,
		});
		const active = (activated.data as { active?: boolean; activeVersionId?: string | null } | undefined) ?? {};
		if (activated.status !== 200 || !(active.active || active.activeVersionId)) {
			throw new Error(`activate workflow: HTTP ${activated.status} ${activated.raw.slice(0, 400)}`);
		}
		return created.id;
	}

	/** The workflow's executions (the first 100 n8n lists). */
	async executions(workflowId: string): Promise<ExecutionSummary[]> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const answer = await this.request<{ results: ExecutionSummary[] }>(
			'GET',
			`/rest/executions?filter=${filter}&limit=100`,
		);
		if (answer.status !== 200) throw new Error(`executions: HTTP ${answer.status} ${answer.raw.slice(0, 300)}`);
		return answer.data.results;
	}

	/** Waits until `count` executions of the workflow are in one of `statuses`; returns those. */
	async executionsIn(
		workflowId: string,
		count: number,
		statuses: string[],
		timeoutMs: number,
		everyMs = 1000,
	): Promise<ExecutionSummary[]> {
		return await until(
			`${count} execution(s) of workflow ${workflowId} in ${statuses.join('/')}`,
			async () => {
				const matching = (await this.executions(workflowId)).filter((execution) => statuses.includes(execution.status));
				return matching.length >= count ? matching : undefined;
			},
			timeoutMs,
			everyMs,
		);
	}

	/** Raw text of one execution (its data is a flatted string): searched for messages, never parsed further. */
	async executionText(id: string): Promise<string> {
		return (await this.request('GET', `/rest/executions/${id}`)).raw;
	}
}

/**
 * POSTs a JSON body to a production webhook of an n8n process, which answers 404 for a moment after the workflow's
 * activation (retried for up to `retryForMs`); returns when the accepted request was sent.
 */
export async function callProductionWebhook(
	baseUrl: string,
	webhookPath: string,
	body: unknown,
	retryForMs: number,
): Promise<number> {
	const deadline = Date.now() + retryForMs;
	for (;;) {
		const sentAt = Date.now();
		const response = await fetch(`${baseUrl}/webhook/${webhookPath}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify(body),
			signal: AbortSignal.timeout(60_000),
		});
		const text = await response.text();
		if (response.ok) return sentAt;
		if (response.status !== 404 || Date.now() > deadline)
			throw new Error(`webhook start: HTTP ${response.status} ${text.slice(0, 300)}`);
		await sleep(1000);
	}
}
