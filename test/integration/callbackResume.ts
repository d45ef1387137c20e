/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * What an n8n server does around a waiting execution, reduced to what the callback tests need: the first part of a
 * run goes through the harness (n8n-core's WorkflowExecute); this "waiting webhook" server then plays n8n's
 * WaitingWebhooks (resume token check, the restart webhook of the request's method or 404, the node's webhook() in
 * n8n-core's WebhookContext, resume with WorkflowExecute) and its wait tracker (resume at the limit). Each call works
 * on a fresh copy of the saved execution, as n8n reads it from its database. Real-n8n behaviour is proven by
 * test/e2e/callback.ts.
 */
import http from 'node:http';
import { ExecutionLifecycleHooks, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	INode,
	INodeParameters,
	IRun,
	IRunExecutionData,
	IWebhookData,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import {
	HarnessCredentialsHelper,
	REPO_ROOT,
	buildNodeWorkflow,
	loadPackageNodeTypes,
	type CredentialDataByType,
	type NodeRunResult,
} from '../harness';

const NODE_NAME = 'Node Under Test';

/**
 * A waiting-webhook server for the suite, started after `credentials()` can be read (declare it after the fake: hooks
 * run in declaration order, so the fake has started before it and closes before it).
 */
export function useWaitingWebhookServer(credentials: () => CredentialDataByType): {
	readonly current: WaitingWebhookServer;
} {
	const holder = {} as { current: WaitingWebhookServer };
	beforeAll(async () => {
		holder.current = await new WaitingWebhookServer(credentials()).start();
	});
	afterAll(async () => {
		await holder.current.close();
	});
	return holder;
}

export interface CallAnswer {
	statusCode: number;
	body: unknown;
}

interface WaitingExecution {
	status: 'waiting' | 'running' | 'finished';
	saved: IRunExecutionData;
	final?: IRun;
	finished: Promise<IRun>;
	finish(run: IRun): void;
	fail(error: unknown): void;
	parameters: INodeParameters;
	continueOnFail: boolean;
	/** The node under test's type; default the harness's (Tomoviee Image to Video). */
	nodeType?: string;
}

/** Copy of the execution as n8n would load it from its database: class instances become plain data. */
function loadCopy(data: IRunExecutionData): IRunExecutionData {
	return JSON.parse(JSON.stringify(data)) as IRunExecutionData;
}

export class WaitingWebhookServer {
	readonly calls: Array<{ executionId: string; answer: CallAnswer }> = [];
	private readonly executions = new Map<string, WaitingExecution>();
	private readonly server = http.createServer((request, response) => void this.handle(request, response));
	url = '';

	constructor(private readonly credentials: CredentialDataByType) {}

	async start(): Promise<this> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
		return this;
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}

	/** Base URL to hand the harness as `webhookWaitingBaseUrl`. */
	get waitingBaseUrl(): string {
		return `${this.url}/webhook-waiting`;
	}

	/** Registers a run the harness left waiting; resolves with the run after its resume. */
	track(first: NodeRunResult, parameters: INodeParameters, continueOnFail = false, nodeType?: string): Promise<IRun> {
		if (first.executionStatus !== 'waiting') throw new Error(`the run is not waiting: ${first.executionStatus}`);
		let finish!: (run: IRun) => void;
		let fail!: (error: unknown) => void;
		const finished = new Promise<IRun>((resolve, reject) => {
			finish = resolve;
			fail = reject;
		});
		finished.catch(() => undefined);
		this.executions.set(first.executionId, {
			status: 'waiting',
			saved: loadCopy(first.run.data),
			finished,
			finish,
			fail,
			parameters,
			continueOnFail,
			nodeType,
		});
		return finished;
	}

	statusOf(executionId: string) {
		return this.executions.get(executionId)?.status;
	}

	/** What n8n's wait tracker does when waitTill passes: resume the execution, the node still waiting. */
	async resumeAtLimit(executionId: string): Promise<IRun> {
		const execution = this.executions.get(executionId);
		if (!execution || execution.status !== 'waiting') throw new Error(`execution ${executionId} is not waiting`);
		execution.status = 'running';
		const run = await this.runFrom(executionId, execution, loadCopy(execution.saved));
		return run;
	}

	private async handle(request: http.IncomingMessage, response: http.ServerResponse) {
		let text = '';
		for await (const chunk of request) text += (chunk as Buffer).toString();
		const url = new URL(request.url ?? '/', this.url);
		const executionId = decodeURIComponent(url.pathname.replace(/^\/webhook-waiting\//, ''));
		const answer = await this.receive(executionId, request.method ?? 'GET', url.searchParams, text).catch(
			(error: unknown): CallAnswer => ({ statusCode: 500, body: { error: String(error) } }),
		);
		this.calls.push({ executionId, answer });
		response.writeHead(answer.statusCode, { 'content-type': 'application/json' }).end(JSON.stringify(answer.body));
	}

	private async receive(
		executionId: string,
		method: string,
		searchParams: URLSearchParams,
		text: string,
	): Promise<CallAnswer> {
		const execution = this.executions.get(executionId);
		if (!execution) return { statusCode: 404, body: { error: 'no such execution' } };
		const data = loadCopy(execution.saved);
		// n8n 2.40.7: a waiting execution is only woken with its resume token.
		const token = searchParams.get('signature');
		if (!token || token !== data.resumeToken) return { statusCode: 401, body: { error: 'Invalid token' } };
		if (execution.status !== 'waiting') return { statusCode: 409, body: { error: `execution is ${execution.status}` } };

		const { workflow, additionalData } = await this.workflowFor(executionId, execution);
		const node = workflow.getNode(NODE_NAME) as INode;
		const nodeType = workflow.nodeTypes.getByNameAndVersion(node.type, node.typeVersion);
		// As n8n's WaitingWebhooks: the restart webhook whose method is the request's, or 404.
		const description = nodeType.description.webhooks?.find(
			(webhook) => webhook.httpMethod === method && webhook.path === '' && webhook.restartWebhook === true,
		);
		if (!description) {
			return { statusCode: 404, body: { error: 'no waiting webhook with a matching path/method' } };
		}
		const stackEntry = data.executionData!.nodeExecutionStack[0];
		stackEntry.node.disabled = true;
		data.waitTill = undefined;
		data.resultData.runData[NODE_NAME]?.pop();

		// n8n hands the node an empty object for a call without a body.
		let body: unknown = text === '' ? {} : text;
		try {
			body = JSON.parse(text);
		} catch {
			// the node sees the raw text, as n8n passes a non-JSON body
		}
		const query: Record<string, string | string[]> = {};
		for (const key of new Set(searchParams.keys())) {
			const values = searchParams.getAll(key);
			query[key] = values.length === 1 ? values[0] : values;
		}
		const response = new RecordingResponse();
		const webhookData = {
			httpMethod: method,
			node: NODE_NAME,
			path: '',
			webhookDescription: description,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
		} as IWebhookData;
		const withRequest = {
			...additionalData,
			httpRequest: { method, body, headers: {}, query, params: {} },
			httpResponse: response,
		} as unknown as IWorkflowExecuteAdditionalData;
		const context = new WebhookContext(workflow, node, withRequest, 'manual', webhookData, [], data);
		const result = await nodeType.webhook!.call(context);

		if (result.workflowData === undefined) {
			// Nothing to resume with: n8n answers and leaves the saved execution untouched.
			return (
				response.answer ?? { statusCode: 200, body: result.webhookResponse ?? { message: 'Webhook call received' } }
			);
		}
		stackEntry.data.main = result.workflowData;
		execution.status = 'running';
		void this.runFrom(executionId, execution, data).catch(() => undefined);
		return response.answer ?? { statusCode: 200, body: result.webhookResponse ?? { message: 'Workflow was started' } };
	}

	private async runFrom(executionId: string, execution: WaitingExecution, data: IRunExecutionData): Promise<IRun> {
		try {
			const { workflow, additionalData } = await this.workflowFor(executionId, execution);
			const run = await new WorkflowExecute(additionalData, 'manual', data).processRunExecutionData(workflow);
			execution.status = run.waitTill ? 'waiting' : 'finished';
			if (run.waitTill) execution.saved = loadCopy(run.data);
			else execution.finish(run);
			execution.final = run;
			return run;
		} catch (error) {
			execution.fail(error);
			throw error;
		}
	}

	/** The harness workflow `Test Items -> Node Under Test`, rebuilt by its own builder: same node, same credentials. */
	private async workflowFor(executionId: string, execution: WaitingExecution) {
		const nodeTypes = await loadPackageNodeTypes(REPO_ROOT);
		const credentialsHelper = new HarnessCredentialsHelper(nodeTypes, this.credentials);
		const node = {
			type: execution.nodeType,
			name: NODE_NAME,
			parameters: execution.parameters,
			continueOnFail: execution.continueOnFail,
		};
		const { workflowData, workflow } = buildNodeWorkflow({ node, credentials: this.credentials }, nodeTypes);
		const base = 'http://127.0.0.1:5678/';
		const additionalData = {
			credentialsHelper,
			hooks: new ExecutionLifecycleHooks('manual', executionId, workflowData),
			executionId,
			workflowId: workflowData.id,
			userId: 'harness-user',
			currentNodeExecutionIndex: 0,
			restApiUrl: `${base}rest`,
			instanceBaseUrl: base,
			webhookBaseUrl: `${base}webhook`,
			webhookWaitingBaseUrl: this.waitingBaseUrl,
			webhookTestBaseUrl: `${base}webhook-test`,
			formWaitingBaseUrl: `${base}form-waiting`,
			variables: {},
			logAiEvent: () => {},
			setExecutionStatus: () => {},
			sendDataToUI: () => {},
			getRunExecutionData: async () => undefined,
		} as unknown as IWorkflowExecuteAdditionalData;
		return { workflow, additionalData };
	}
}

/** The slice of express's Response the node uses: status().json(). */
class RecordingResponse {
	answer?: CallAnswer;
	private code = 200;
	headersSent = false;

	status(code: number) {
		this.code = code;
		return this;
	}

	json(body: unknown) {
		this.answer = { statusCode: this.code, body };
		this.headersSent = true;
		return this;
	}

	send(body: unknown) {
		return this.json(body);
	}

	end() {
		return this;
	}
}

/** The node's output items of a finished run (main output 0 of its last run). */
export function nodeOutputOf(run: IRun) {
	const runs = run.data.resultData.runData[NODE_NAME] ?? [];
	return runs[runs.length - 1]?.data?.main?.[0] ?? [];
}
