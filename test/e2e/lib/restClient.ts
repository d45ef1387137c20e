/**
 * The slice of n8n's internal REST API the e2e run and `npm start` use: owner setup, login and the
 * credential test. Shapes read from n8n's own controllers (owner.controller, auth.controller,
 * credentials.controller): the session is the `n8n-auth` cookie, bound to the `browser-id` header sent
 * at login, so every call repeats that header.
 */
import { randomUUID } from 'node:crypto';

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

export class N8nRestClient {
	private cookie = '';
	readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	async request<T = unknown>(method: string, path: string, body?: unknown): Promise<{ status: number; data: T; raw: string }> {
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
		const data = (parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed) as T;
		return { status: response.status, data, raw };
	}

	/** Creates the instance owner (only possible once, on a fresh instance). */
	async setupOwner(owner: OwnerAccount = LOCAL_OWNER): Promise<void> {
		const answer = await this.request('POST', '/rest/owner/setup', owner);
		if (answer.status !== 200) throw new Error(`owner setup answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
	}

	async login(owner: OwnerAccount = LOCAL_OWNER): Promise<void> {
		const answer = await this.request('POST', '/rest/login', { emailOrLdapLoginId: owner.email, password: owner.password });
		if (answer.status !== 200 || !this.cookie) {
			throw new Error(`login answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
		}
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
	async testCredential(credential: { id: string; name: string; type: string; data: Record<string, unknown> }): Promise<CredentialTestAnswer> {
		const answer = await this.request<CredentialTestAnswer>('POST', '/rest/credentials/test', { credentials: credential });
		if (answer.status !== 200) throw new Error(`credential test answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`);
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
}
