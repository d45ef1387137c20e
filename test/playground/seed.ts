/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * What `npm start` puts into its n8n through the REST API the editor itself uses: the owner, the
 * Tomoviee credentials and the example workflows, and one manual run of Create and Wait.
 * REST rather than `n8n import:*` so that a second start, with n8n already up, needs no extra n8n process.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { CREDENTIAL_TYPE, FAKE_CREDENTIAL, readExampleWorkflows } from '../e2e/lib/fixtures';
import type { N8nInstall } from '../e2e/lib/n8nInstall';
import { LOCAL_OWNER, N8nRestClient } from '../e2e/lib/restClient';
import type { RunJson } from '../e2e/lib/runOutput';

export const REAL_CREDENTIAL_NAME = 'Tomoviee (real gateway)';
export const DEFAULT_GATEWAY = 'https://openapi.wondershare.cc';
const KNOWN_GATEWAYS = [DEFAULT_GATEWAY, 'https://open-api.wondershare.cc'];

/** Logs in as the local owner, creating it first on a fresh instance. */
export async function signInOwner(client: N8nRestClient): Promise<'created' | 'existing'> {
	const settings = await client.request<{ userManagement?: { showSetupOnFirstLoad?: boolean } }>(
		'GET',
		'/rest/settings',
	);
	const fresh = settings.data?.userManagement?.showSetupOnFirstLoad === true;
	if (fresh) await client.setupOwner(LOCAL_OWNER);
	try {
		await client.login(LOCAL_OWNER);
	} catch (error) {
		throw new Error(
			`cannot sign in as ${LOCAL_OWNER.email} (was its password changed in this user folder?). ` +
				`Delete the folder to start over. ${(error as Error).message}`,
		);
	}
	return fresh ? 'created' : 'existing';
}

interface CredentialSummary {
	id: string;
	name: string;
	type: string;
}

/** Creates the credential, or updates the one with the same name and type (e.g. the fake moved to another port). */
export async function upsertCredential(
	client: N8nRestClient,
	name: string,
	data: Record<string, unknown>,
): Promise<{ id: string; created: boolean }> {
	const list = await client.request<CredentialSummary[]>('GET', '/rest/credentials');
	if (list.status !== 200 || !Array.isArray(list.data))
		throw new Error(`listing credentials answered HTTP ${list.status}`);
	const existing = list.data.find((c) => c.name === name && c.type === CREDENTIAL_TYPE);
	const body = { name, type: CREDENTIAL_TYPE, data };
	if (existing) {
		const answer = await client.request('PATCH', `/rest/credentials/${existing.id}`, body);
		if (answer.status !== 200)
			throw new Error(`updating credential "${name}" answered HTTP ${answer.status}: ${answer.raw.slice(0, 200)}`);
		return { id: existing.id, created: false };
	}
	const answer = await client.request<CredentialSummary>('POST', '/rest/credentials', body);
	if (answer.status !== 200 || !answer.data?.id) {
		throw new Error(`creating credential "${name}" answered HTTP ${answer.status}: ${answer.raw.slice(0, 200)}`);
	}
	return { id: answer.data.id, created: true };
}

export function fakeCredentialData(fakeUrl: string, appKey: string, appSecret: string) {
	return { appKey, appSecret, gateway: 'custom', baseUrl: fakeUrl };
}

/** The real gateway's credential from TOMOVIEE_APP_KEY / TOMOVIEE_APP_SECRET (and optional TOMOVIEE_GATEWAY). */
export function realCredentialData(env: NodeJS.ProcessEnv): Record<string, unknown> | undefined {
	const appKey = env.TOMOVIEE_APP_KEY?.trim();
	const appSecret = env.TOMOVIEE_APP_SECRET?.trim();
	if (!appKey || !appSecret) return undefined;
	const gateway = (env.TOMOVIEE_GATEWAY?.trim() || DEFAULT_GATEWAY).replace(/\/+$/, '');
	return KNOWN_GATEWAYS.includes(gateway)
		? { appKey, appSecret, gateway }
		: { appKey, appSecret, gateway: 'custom', baseUrl: gateway };
}

export interface ImportedWorkflow {
	id: string;
	name: string;
	created: boolean;
}

/**
 * Creates each example workflow that is not there yet, pointed at the fake credential's id. One that
 * exists is left alone: it may hold the user's own edits.
 */
export async function importExampleWorkflows(
	client: N8nRestClient,
	fakeCredentialId: string,
): Promise<ImportedWorkflow[]> {
	const imported: ImportedWorkflow[] = [];
	for (const example of readExampleWorkflows()) {
		const id = String(example.id);
		const existing = await client.request('GET', `/rest/workflows/${id}`);
		if (existing.status === 200) {
			imported.push({ id, name: example.name, created: false });
			continue;
		}
		const nodes = example.nodes.map((node) =>
			node.credentials?.[CREDENTIAL_TYPE]?.name === FAKE_CREDENTIAL.name
				? {
						...node,
						credentials: {
							...node.credentials,
							[CREDENTIAL_TYPE]: { id: fakeCredentialId, name: FAKE_CREDENTIAL.name },
						},
					}
				: node,
		);
		const body = {
			id,
			name: example.name,
			nodes,
			connections: example.connections,
			settings: example.settings ?? {},
			pinData: example.pinData ?? {},
			meta: example.meta,
		};
		const answer = await client.request('POST', '/rest/workflows', body);
		if (answer.status !== 200)
			throw new Error(
				`importing workflow "${example.name}" answered HTTP ${answer.status}: ${answer.raw.slice(0, 300)}`,
			);
		imported.push({ id, name: example.name, created: true });
	}
	return imported;
}

export interface FinishedRun {
	executionId: string;
	status: string;
	/** Output items of each node's last run. */
	nodeOutputs: Record<string, Array<Record<string, unknown>>>;
	errorMessage?: string;
}

/**
 * Runs a saved workflow the way the editor's "Execute workflow" button does (a manual execution, kept in the
 * workflow's Executions tab) and waits for it to end.
 */
export async function runWorkflowManually(
	client: N8nRestClient,
	install: N8nInstall,
	workflowId: string,
	timeoutMs = 120_000,
): Promise<FinishedRun> {
	const workflow = await client.request<{ nodes: Array<{ name: string; type: string }> }>(
		'GET',
		`/rest/workflows/${workflowId}`,
	);
	const trigger = workflow.data?.nodes?.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`workflow ${workflowId} has no manual trigger`);
	const started = await client.request<{ executionId?: string }>('POST', `/rest/workflows/${workflowId}/run`, {
		triggerToStartFrom: { name: trigger.name },
	});
	const executionId = started.data?.executionId;
	if (started.status !== 200 || !executionId) {
		throw new Error(`running workflow ${workflowId} answered HTTP ${started.status}: ${started.raw.slice(0, 300)}`);
	}
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const answer = await client.request<{ status?: string; finished?: boolean; data?: string }>(
			'GET',
			`/rest/executions/${executionId}`,
		);
		const status = answer.data?.status ?? 'unknown';
		if (answer.status === 200 && !['new', 'running', 'waiting', 'unknown'].includes(status)) {
			return { executionId, status, ...readRunData(install, answer.data?.data) };
		}
		if (Date.now() > deadline) throw new Error(`execution ${executionId} still ${status} after ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 500));
	}
}

/** n8n serialises execution data with `flatted` (it has cycles); the parser is taken from n8n's own install. */
function readRunData(
	install: N8nInstall,
	serialised: string | undefined,
): Pick<FinishedRun, 'nodeOutputs' | 'errorMessage'> {
	const nodeOutputs: FinishedRun['nodeOutputs'] = {};
	if (typeof serialised !== 'string') return { nodeOutputs };
	const requireFromN8n = createRequire(path.join(install.dir, 'node_modules', 'n8n', 'package.json'));
	const { parse } = requireFromN8n('flatted') as { parse: (text: string) => RunJson['data'] | undefined };
	const resultData = parse(serialised)?.resultData ?? {};
	for (const [name, runs] of Object.entries(resultData.runData ?? {})) {
		const last = runs[runs.length - 1];
		nodeOutputs[name] = (last?.data?.main?.[0] ?? []).map((item) => item.json);
	}
	return { nodeOutputs, errorMessage: resultData.error?.message };
}
