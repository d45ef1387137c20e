/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-hardcoded-secrets -- Node test tooling, not n8n runtime code; its credentials are made-up test values */
/**
 * What the e2e run imports into n8n: a credential pointing at the fake Tomoviee server, the example
 * workflows from examples/, and a wrong-secret variant of Create and Wait. The examples reference the
 * credential by a fixed id and name, which the imported credential carries.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { INode } from 'n8n-workflow';
import { REPO_ROOT } from './packageTarball';

export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const CREDENTIAL_TYPE = 'tomovieeApi';
export const NODE_TYPE = 'n8n-nodes-tomoviee.tomovieeImageToVideo';

/** The credential the examples reference (examples/*.json carry this id and name). */
export const FAKE_CREDENTIAL = { id: 'tomovieeFakeApi1', name: 'Tomoviee (local fake API)' };
export const WRONG_SECRET_CREDENTIAL = { id: 'tomovieeWrongSe1', name: 'Tomoviee (wrong secret)' };

export const WORKFLOW_IDS = {
	createAndWait: 'tmvExCreateWait1',
	createThenGetStatus: 'tmvExCreateThenSt',
	failingTask: 'tmvExFailingTask',
	wrongSecret: 'tmvE2EWrongSecr1',
	statusOnlyBatch: 'tmvE2EStatusBat1',
} as const;

export interface ImportableCredential {
	id: string;
	name: string;
	type: string;
	/** Plain fields: n8n's import:credentials encrypts an object `data` with the instance key. */
	data: Record<string, unknown>;
}

/** A workflow of examples/ in n8n's export format; only the fields read here are typed. */
export interface ExampleWorkflow {
	id: string;
	name: string;
	nodes: INode[];
	[key: string]: unknown;
}

export function credentialFor(
	ref: { id: string; name: string },
	fakeUrl: string,
	appKey: string,
	appSecret: string,
): ImportableCredential {
	return { ...ref, type: CREDENTIAL_TYPE, data: { appKey, appSecret, gateway: 'custom', baseUrl: fakeUrl } };
}

export function readExampleWorkflows(): ExampleWorkflow[] {
	return readdirSync(EXAMPLES_DIR)
		.filter((f) => f.endsWith('.json'))
		.sort()
		.map((f) => JSON.parse(readFileSync(path.join(EXAMPLES_DIR, f), 'utf8')));
}

export function exampleWorkflow(id: string): ExampleWorkflow {
	const workflow = readExampleWorkflows().find((w) => w.id === id);
	if (!workflow) throw new Error(`no example workflow with id ${id} in ${EXAMPLES_DIR}`);
	return workflow;
}

/** Create and Wait, with every Tomoviee node switched to the wrong-secret credential. */
export function wrongSecretWorkflow(): ExampleWorkflow {
	const workflow = structuredClone(exampleWorkflow(WORKFLOW_IDS.createAndWait));
	workflow.id = WORKFLOW_IDS.wrongSecret;
	workflow.name = 'e2e: Create and Wait with a wrong app secret';
	for (const node of workflow.nodes) {
		if (node.type === NODE_TYPE) node.credentials = { [CREDENTIAL_TYPE]: { ...WRONG_SECRET_CREDENTIAL } };
	}
	return workflow;
}

/**
 * Create and Wait with Tomoviee Image to Video's default options for `prompts.length` items made together: a Set
 * node holds the prompts, Split Out makes one item of each.
 */
export function batchWorkflow(id: string, prompts: string[]): ExampleWorkflow {
	const workflow = structuredClone(exampleWorkflow(WORKFLOW_IDS.createAndWait));
	const [trigger, createAndWait] = workflow.nodes;
	const promptsNode = {
		...trigger,
		id: '7d1f0d52-0000-4000-8000-000000000101',
		name: 'Prompts',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
	};
	promptsNode.parameters = { mode: 'raw', jsonOutput: JSON.stringify({ prompts }), options: {} };
	promptsNode.position = [220, 0];
	const split = {
		...trigger,
		id: '7d1f0d52-0000-4000-8000-000000000102',
		name: 'One item per prompt',
		type: 'n8n-nodes-base.splitOut',
	};
	split.parameters = { fieldToSplitOut: 'prompts', options: {} };
	split.position = [440, 0];
	createAndWait.parameters = { ...createAndWait.parameters, prompt: '={{ $json.prompts }}', options: {} };
	createAndWait.position = [660, 0];
	const link = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		...workflow,
		id,
		name: `e2e: Create and Wait, ${prompts.length} items made together`,
		nodes: [trigger, promptsNode, split, createAndWait],
		connections: {
			[trigger.name]: link(promptsNode.name),
			[promptsNode.name]: link(split.name),
			[split.name]: link(createAndWait.name),
		},
	};
}

/** Writes the files `n8n import:credentials --input` and `n8n import:workflow --separate --input` read. */
export function writeImportFiles(
	dir: string,
	credentials: ImportableCredential[],
	workflows: Array<Record<string, unknown>>,
) {
	const workflowsDir = path.join(dir, 'workflows');
	mkdirSync(workflowsDir, { recursive: true });
	const credentialsFile = path.join(dir, 'credentials.json');
	writeFileSync(credentialsFile, JSON.stringify(credentials, null, 2));
	for (const workflow of workflows)
		writeFileSync(path.join(workflowsDir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	return { credentialsFile, workflowsDir };
}
