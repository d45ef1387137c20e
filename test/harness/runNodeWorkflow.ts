/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	ExecutionError,
	ExecutionStatus,
	IConnections,
	IDataObject,
	INode,
	INodeCredentials,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IVersionedNodeType,
	IRun,
	IRunData,
	ITaskData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { NodeConnectionTypes, UnexpectedError, Workflow } from 'n8n-workflow';

import { ensureEngine, useBinaryDataMode, type BinaryDataSetup } from './engine';
import { type CredentialDataByType, HarnessCredentialsHelper } from './credentialsHelper';
import type { CapturedLogLine } from './logCapture';
import { ITEM_SOURCE_NODE_TYPE, type PackageNodeTypes, REPO_ROOT, loadPackageNodeTypes } from './nodeTypes';

export const SOURCE_NODE_NAME = 'Test Items';
export const DEFAULT_NODE_TYPE = 'tomovieeImageToVideo';

export interface NodeUnderTest {
	/** Short name within the loaded package or full type; default 'tomovieeImageToVideo'. */
	type?: string;
	/** Node name in the workflow (expressions like $('Name') and error messages use it). */
	name?: string;
	/** Default: the node type's latest version. */
	typeVersion?: number;
	/** As in a saved workflow; missing ones get the description's defaults, like in n8n. Strings starting with '=' are expressions. */
	parameters: INodeParameters;
	/** The node setting "On Error: Continue" (stored by n8n as onError 'continueRegularOutput'). */
	continueOnFail?: boolean;
	/** The node's onError setting itself, when a test needs another value; wins over continueOnFail. */
	onError?: INode['onError'];
}

export type TestItem = IDataObject | INodeExecutionData;

export interface NodeRunOptions {
	node: NodeUnderTest;
	/** Items fed to the node: plain JSON objects, or INodeExecutionData (binary as base64 `data`). Default: one empty item. */
	items?: TestItem[];
	/** Stored credential data by credential type, e.g. { tomovieeApi: { appKey, appSecret, gateway, baseUrl } }. */
	credentials?: CredentialDataByType;
	/** Package whose built node and credential types are used; default: the repository root. */
	packageDir?: string;
	/** Execution mode n8n reports to the node (this.getMode()); default 'manual'. */
	mode?: WorkflowExecuteMode;
	/** Cancels the execution when this signal aborts (like the Stop button). */
	signal?: AbortSignal;
	/** Cancels the execution this many ms after it started (like the Stop button). */
	cancelAfterMs?: number;
	/** Stops the execution like n8n's workflow timeout (status 'canceled', TimeoutExecutionCancelledError). */
	timeoutMs?: number;
	/** Binary data mode for this run; default in-memory. Runs that overlap in time must agree. */
	binaryData?: BinaryDataSetup;
	/** Overrides of the execution's additional data (e.g. webhookWaitingBaseUrl, instanceBaseUrl). */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

export interface NodeRunResult {
	/** Items of the node's main output 0 from its last run ([] if it produced none or failed). */
	output: INodeExecutionData[];
	/** The node's other main outputs (index 1 = error output with onError 'continueErrorOutput'). */
	outputs: INodeExecutionData[][];
	/** The execution's error as n8n stores it in resultData.error (the node's error when it failed). */
	error?: ExecutionError;
	/** The error recorded on the node's task data, if any. */
	nodeError?: ExecutionError;
	/** 'success' | 'error' | 'canceled' | ... as n8n sets it. */
	executionStatus: ExecutionStatus;
	runData: IRunData;
	/** Every log line written through LoggerProxy or the DI Logger while this run was active. */
	logs: CapturedLogLine[];
	/** The whole IRun the engine returned. */
	run: IRun;
	nodeName: string;
	executionId: string;
}

export interface RunningNodeWorkflow {
	executionId: string;
	/** Cancels the execution the way n8n's Stop does: the node's getExecutionCancelSignal() aborts. */
	cancel(): void;
	/**
	 * Resolves true when n8n starts executing the node under test (its nodeExecuteBefore hook),
	 * false if the run ended without reaching it. Lets a test cancel a node that is really running.
	 */
	nodeStarted: Promise<boolean>;
	/** Settles when the engine has finished (after a cancel too, once the node has returned). */
	result: Promise<NodeRunResult>;
}

let executionCounter = 0;

/** Runs `source -> node` through n8n-core's WorkflowExecute and resolves with the node's results. */
export async function runNodeWorkflow(options: NodeRunOptions): Promise<NodeRunResult> {
	return await startNodeWorkflow(options).result;
}

/** Starts `source -> node`; the returned handle can cancel the running execution. */
export function startNodeWorkflow(options: NodeRunOptions): RunningNodeWorkflow {
	const executionId = `harness-${++executionCounter}`;
	let execution: ReturnType<WorkflowExecute['run']> | undefined;
	let workflowExecute: WorkflowExecute | undefined;
	let cancelRequested = false;
	let timedOut = false;

	const cancel = () => {
		cancelRequested = true;
		execution?.cancel();
	};
	const timeOut = () => {
		timedOut = true;
		if (workflowExecute) workflowExecute.timedOut = true;
		cancel();
	};

	let markNodeStarted!: (started: boolean) => void;
	const nodeStarted = new Promise<boolean>((resolve) => (markNodeStarted = resolve));

	const timers: NodeJS.Timeout[] = [];
	const onAbort = () => cancel();
	if (options.signal?.aborted) cancelRequested = true;
	options.signal?.addEventListener('abort', onAbort, { once: true });
	if (options.cancelAfterMs !== undefined) timers.push(setTimeout(cancel, options.cancelAfterMs));
	if (options.timeoutMs !== undefined) timers.push(setTimeout(timeOut, options.timeoutMs));

	const result = (async (): Promise<NodeRunResult> => {
		const engine = ensureEngine();
		const logMark = engine.logger.lines.length;
		await useBinaryDataMode(options.binaryData ?? { mode: 'default' });
		const nodeTypes = await loadPackageNodeTypes(options.packageDir ?? REPO_ROOT);
		const credentialsHelper = new HarnessCredentialsHelper(nodeTypes, options.credentials ?? {});

		const { workflowData, workflow, sourceNode, nodeName } = buildNodeWorkflow(options, nodeTypes);
		const mode = options.mode ?? 'manual';

		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		hooks.addHandler('nodeExecuteBefore', (startedNodeName) => {
			if (startedNodeName === nodeName) markNodeStarted(true);
		});
		const additionalData = buildAdditionalData(executionId, workflowData, credentialsHelper, hooks, options);

		workflowExecute = new WorkflowExecute(additionalData, mode);
		if (timedOut) workflowExecute.timedOut = true;
		execution = workflowExecute.run({
			workflow,
			startNode: sourceNode,
			triggerToStartFrom: {
				name: sourceNode.name,
				data: sourceTaskData(normaliseItems(options.items ?? [{}])),
			},
		});
		if (cancelRequested) execution.cancel();
		const run = await execution;

		const runData = run.data.resultData.runData;
		const nodeRuns = runData[nodeName] ?? [];
		const lastRun = nodeRuns[nodeRuns.length - 1];
		const outputs = (lastRun?.data?.main ?? []).map((items) => items ?? []);
		return {
			output: outputs[0] ?? [],
			outputs,
			error: run.data.resultData.error,
			nodeError: lastRun?.error,
			executionStatus: run.status,
			runData,
			logs: engine.logger.since(logMark),
			run,
			nodeName,
			executionId,
		};
	})().finally(() => {
		markNodeStarted(false);
		for (const timer of timers) clearTimeout(timer);
		options.signal?.removeEventListener('abort', onAbort);
	});

	return { executionId, cancel, nodeStarted, result };
}

function normaliseItems(items: TestItem[]): INodeExecutionData[] {
	return items.map((item) => {
		const json = (item as INodeExecutionData).json;
		// An item whose `json` is an object is taken as INodeExecutionData, anything else as its JSON.
		if (json !== null && typeof json === 'object' && !Array.isArray(json)) {
			const { binary } = item as INodeExecutionData;
			return binary ? { json, binary } : { json };
		}
		return { json: item as IDataObject };
	});
}

function sourceTaskData(items: INodeExecutionData[]): ITaskData {
	return {
		startTime: Date.now(),
		executionTime: 0,
		executionIndex: 0,
		source: [],
		data: { main: [items] },
	};
}

function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

/**
 * The workflow `Test Items -> node under test` as runNodeWorkflow builds it, for code that must rebuild the same
 * workflow later (e.g. to resume a waiting execution).
 */
export function buildNodeWorkflow(options: Pick<NodeRunOptions, 'node' | 'credentials'>, nodeTypes: PackageNodeTypes) {
	const type = nodeTypes.fullNodeType(options.node.type ?? DEFAULT_NODE_TYPE);
	const nodeName = options.node.name ?? 'Node Under Test';
	if (nodeName === SOURCE_NODE_NAME)
		throw new UnexpectedError(`"${SOURCE_NODE_NAME}" is the harness source node's name`);

	const credentials: INodeCredentials = {};
	for (const credentialType of Object.keys(options.credentials ?? {})) {
		credentials[credentialType] = HarnessCredentialsHelper.nodeCredentialsFor(credentialType);
	}

	const sourceNode: INode = {
		id: 'harness-source',
		name: SOURCE_NODE_NAME,
		type: ITEM_SOURCE_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: {},
	};
	const nodeUnderTest: INode = {
		id: 'harness-node-under-test',
		name: nodeName,
		type,
		typeVersion: options.node.typeVersion ?? latestVersion(nodeTypes.getByName(type)),
		position: [220, 0],
		// A copy: n8n writes defaults into the parameters object it is given.
		parameters: structuredClone(options.node.parameters),
		credentials,
	};
	const onError = options.node.onError ?? (options.node.continueOnFail ? 'continueRegularOutput' : undefined);
	if (onError) nodeUnderTest.onError = onError;

	const connections: IConnections = {
		[SOURCE_NODE_NAME]: {
			[NodeConnectionTypes.Main]: [[{ node: nodeName, type: NodeConnectionTypes.Main, index: 0 }]],
		},
	};
	const workflowData: IWorkflowBase = {
		id: 'harness-workflow',
		name: `Harness: ${nodeName}`,
		active: false,
		isArchived: false,
		nodes: [sourceNode, nodeUnderTest],
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	};
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes: workflowData.nodes,
		connections,
		active: false,
		nodeTypes,
		settings: workflowData.settings,
	});
	return { workflowData, workflow, sourceNode, nodeName };
}

function buildAdditionalData(
	executionId: string,
	workflowData: IWorkflowBase,
	credentialsHelper: HarnessCredentialsHelper,
	hooks: ExecutionLifecycleHooks,
	options: NodeRunOptions,
): IWorkflowExecuteAdditionalData {
	const instanceBaseUrl = 'http://127.0.0.1:5678/';
	const notAvailable = (what: string) => async () => {
		throw new UnexpectedError(`${what} is not available in the test harness`);
	};
	return {
		credentialsHelper,
		hooks,
		executionId,
		workflowId: workflowData.id,
		userId: 'harness-user',
		executeWorkflow: notAvailable('Executing a sub-workflow'),
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		startRunnerTask: notAvailable('The task runner'),
		currentNodeExecutionIndex: 0,
		restApiUrl: `${instanceBaseUrl}rest`,
		instanceBaseUrl,
		formBaseUrl: `${instanceBaseUrl}form`,
		formWaitingBaseUrl: `${instanceBaseUrl}form-waiting`,
		formTestBaseUrl: `${instanceBaseUrl}form-test`,
		webhookBaseUrl: `${instanceBaseUrl}webhook`,
		webhookWaitingBaseUrl: `${instanceBaseUrl}webhook-waiting`,
		webhookTestBaseUrl: `${instanceBaseUrl}webhook-test`,
		mcpBaseUrl: `${instanceBaseUrl}mcp`,
		mcpTestBaseUrl: `${instanceBaseUrl}mcp-test`,
		variables: {},
		logAiEvent: () => {},
		setExecutionStatus: () => {},
		sendDataToUI: () => {},
		...options.additionalData,
	} as IWorkflowExecuteAdditionalData;
}
