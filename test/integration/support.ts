/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * Shared set-up for the integration tests: the node runs through n8n-core (the harness) against a fake Tomoviee
 * server on 127.0.0.1, with the credential's custom gateway pointing at it.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import {
	startFakeTomoviee,
	tomovieeCredentialFor,
	type FakeTomoviee,
	type FakeTomovieeOptions,
} from '../fake-tomoviee';
import { IMAGE_URL } from '../fixtures/generationOperations';
import { REPO_ROOT, runNodeWorkflow, type NodeRunOptions, type NodeRunResult, type TestItem } from '../harness';

const BUILT_NODE = path.join(REPO_ROOT, 'dist/nodes/Tomoviee/TomovieeImageToVideo.node.js');

// The harness loads the built package, as n8n does.
if (!existsSync(BUILT_NODE)) throw new Error(`${BUILT_NODE} is missing: run "npm run build" before these tests`);

/** The image every item points at unless a test says otherwise (the one the generation cases use). */
export { IMAGE_URL };

/** Short task life so a Create and Wait takes about one poll (the poll interval's minimum is 1 s). */
export const FAST_TASKS: FakeTomovieeOptions = { queueMs: 50, processingMs: 150 };

/**
 * One fake for the whole test file (FAST_TASKS unless options say otherwise): started in beforeAll, reset after
 * each test, closed in afterAll. Returns a stand-in that forwards to that fake, so a file can hold it in a const at
 * the top; it throws if used before beforeAll has run (e.g. while jest collects tests).
 */
export function useFake(options: FakeTomovieeOptions = {}): FakeTomoviee {
	let live: FakeTomoviee | undefined;
	beforeAll(async () => {
		live = await startFakeTomoviee({ ...FAST_TASKS, ...options });
	});
	afterEach(() => live?.reset());
	afterAll(async () => {
		await live?.close();
	});
	return new Proxy({} as FakeTomoviee, {
		get(_standIn, property) {
			if (!live) throw new Error(`fake.${String(property)} used before the fake started (only inside hooks and tests)`);
			const value: unknown = Reflect.get(live, property, live);
			return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(live) : value;
		},
	});
}

/** Credentials for the harness (type -> data) pointing at the fake; overrides replace fields for wrong-key cases. */
export function credentialsFor(fake: FakeTomoviee, overrides: IDataObject = {}) {
	return { tomovieeApi: { ...tomovieeCredentialFor(fake), ...overrides } };
}

export function basicAuthValue(appKey: string, appSecret: string): string {
	return `Basic ${Buffer.from(`${appKey}:${appSecret}`).toString('base64')}`;
}

/** A request carried both headers the credential adds, with the fake's key and secret. */
export function expectAuthHeaders(fake: FakeTomoviee, headers: Record<string, unknown>): void {
	expect(headers.authorization).toBe(basicAuthValue(fake.switches.appKey, fake.switches.appSecret));
	expect(headers['x-app-key']).toBe(fake.switches.appKey);
}

/**
 * What a HEAD request gets for a file URL the node output. The fake's storage serves only signed links to finished
 * files, with the content type of their kind, so a 200 proves the node handed on the exact link the API answered.
 */
export async function servedFile(url: unknown): Promise<{ status: number; contentType: string | null }> {
	const response = await fetch(String(url), { method: 'HEAD' });
	return { status: response.status, contentType: response.headers.get('content-type') };
}

/** Parameters of a submitting operation; the prompt comes from each item unless overridden. */
export function submitParameters(
	operation: 'create' | 'createAndWait',
	overrides: INodeParameters = {},
): INodeParameters {
	return {
		operation,
		prompt: '={{ $json.prompt }}',
		imageUrl: IMAGE_URL,
		...(operation === 'createAndWait' ? { options: { pollIntervalSeconds: 1 } } : {}),
		...overrides,
	};
}

export interface RunSpec {
	parameters: INodeParameters;
	items?: TestItem[];
	continueOnFail?: boolean;
	credentials?: IDataObject;
	extra?: Partial<NodeRunOptions>;
}

/**
 * The suites read the node's full output: Simplify Output (on by default since version 1.1) is off unless a test sets
 * it; simplifiedOutput.test.ts tests it.
 */
export const FULL_OUTPUT: INodeParameters = { simplify: false };

export async function runNode(fake: FakeTomoviee, spec: RunSpec): Promise<NodeRunResult> {
	return await runNodeWorkflow({
		node: { parameters: { ...FULL_OUTPUT, ...spec.parameters }, continueOnFail: spec.continueOnFail },
		items: spec.items ?? [{ prompt: 'a red fox turns its head, snow falls behind it' }],
		credentials: credentialsFor(fake, spec.credentials),
		...spec.extra,
	});
}

/** The error n8n recorded for a failed run, in the fields tests read. */
export interface RecordedError {
	name: string;
	message: string;
	description: string;
	httpCode?: string;
	context: IDataObject;
}

export function errorOf(result: NodeRunResult): RecordedError {
	expect(result.executionStatus).toBe('error');
	const error = result.error as unknown as (IDataObject & { context?: IDataObject }) | undefined;
	if (!error) throw new Error(`the run did not fail; output: ${JSON.stringify(result.output)}`);
	return {
		name: String(error.name),
		message: String(error.message),
		description: String(error.description ?? ''),
		httpCode: error.httpCode === undefined || error.httpCode === null ? undefined : String(error.httpCode),
		context: error.context ?? {},
	};
}

export function jsonOf(result: NodeRunResult): IDataObject[] {
	return result.output.map((item) => item.json);
}

/** Waits (in small steps) until the fake reports a task at a status, for Get Status tests of a given state. */
export async function waitForFakeStatus(fake: FakeTomoviee, taskId: string, status: number): Promise<void> {
	for (let attempt = 0; attempt < 200; attempt++) {
		if (fake.taskData(taskId)?.status === status) return;
		await new Promise((resolve) => setTimeout(resolve, 25));
	}
	throw new Error(`task ${taskId} never reached status ${status}`);
}

/** Creates a task on the fake directly (not through the node), for Get Status tests. */
export async function createTaskDirectly(fake: FakeTomoviee, prompt = 'a fox turns its head'): Promise<string> {
	const response = await fetch(`${fake.url}/v1/open/capacity/application/tm_img2video_b`, {
		method: 'POST',
		headers: fake.authHeaders(),
		body: JSON.stringify({ prompt, image: IMAGE_URL, params: 'row-7' }),
	});
	const answer = (await response.json()) as { code: number; data: { task_id: string } };
	expect(answer.code).toBe(0);
	fake.clearRequests();
	return answer.data.task_id;
}

/** Waits (in small steps, about 10 s at most) until a condition holds, e.g. a request has reached the fake. */
export async function until(condition: () => boolean, what: string): Promise<void> {
	for (let attempt = 0; attempt < 400; attempt++) {
		if (condition()) return;
		await sleepMs(25);
	}
	throw new Error(`timed out waiting for ${what}`);
}

export function sleepMs(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
