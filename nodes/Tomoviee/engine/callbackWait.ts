/**
 * "Wait Mode: Callback" for Create and Wait: the tasks are created with this execution's resume URL as Tomoviee's
 * `callback` (engine/taskBatch), the execution is put to wait (no worker held), and Tomoviee's call resumes it.
 *
 * How n8n resumes a waiting node: the call to the resume URL runs the node's webhook() (n8n has already refused
 * calls without the execution's resume token), and what webhook() returns becomes the node's output; the node's
 * execute() does not run again. So webhook() treats the call as a signal only, reads every waiting task with a status
 * query and builds the same items polling mode outputs. When the wait limit passes without a call, n8n resumes the
 * node without running any of its code: the node then fails with the timeout error prepared when the wait began
 * (n8n's `resumeError`), the same error polling mode raises at its maximum wait.
 *
 * Several items: one wait for all tasks. A callback reads as few tasks as it can to tell whether all have ended (see
 * receiveCallback); the execution resumes once all have (or, without "Continue On Fail", at the first failure, as
 * polling does). Until then the call is answered and the execution keeps waiting, so callbacks may arrive in any
 * order, twice, or not at all for some tasks.
 */
import type {
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	INode,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { sleep } from 'n8n-workflow';
import { readCallbackSignal } from '../domain/callbackSignal';
import { IMAGE_TO_VIDEO_RESULT, type CapabilityTaskView, type ResultSpec } from '../domain/capabilityResult';
import { isRetryable } from '../domain/retryPolicy';
import { isFinalStatus } from '../domain/taskView';
import type { DownloadContext } from '../transport/download';
import type { Reply } from '../transport/envelope';
import { taskFromReply, TomovieeClient } from '../transport/tomovieeClient';
import { asNodeError, errorItem, withTasksStillRunning } from './itemErrors';
import { outputProfileFor, type OutputProfile } from './outputItems';
import { taskViewOrError, unsuccessfulTaskError } from './taskOutcome';
import type { ReturnSettings, TaskRequest } from './types';
import { maxWaitError } from './waitErrors';

/**
 * Creates that took this long may have outlived a task (the quickest take about a minute; the docs say 1-5 minutes),
 * so the tasks are read once before the execution waits. Shorter create phases cost no query.
 */
const LONG_CREATE_PHASE_MS = 20_000;

/** Where the wait's state lives: the metadata of the node's entry on n8n's execution stack, saved with the execution. */
const STATE_KEY = 'tomovieeCallbackWait';

interface CallbackTask {
	itemIndex: number;
	taskId: string;
	returnSettings: ReturnSettings;
	/** How the task's answers are read and output; absent in Image to Video waits saved before version 0.2. */
	result?: ResultSpec;
}

/** The task's output profile: a wait saved by an older version of the package has none for Image to Video. */
function profileOf(task: CallbackTask): OutputProfile {
	return outputProfileFor(task.result ?? IMAGE_TO_VIDEO_RESULT);
}

interface CallbackWaitState {
	tasks: CallbackTask[];
	/** Items already decided before the wait (submission failures under Continue On Fail), by item index. */
	decided: Array<{ itemIndex: number; item: INodeExecutionData }>;
	continueOnFail: boolean;
}

/**
 * After the create loop (engine/taskBatch, which set this execution's resume URL as every task's callback): saves what
 * the callbacks need and puts the execution to wait until the latest maximum wait.
 */
export async function waitForCallbacks(
	ctx: IExecuteFunctions,
	client: TomovieeClient,
	open: Array<{ request: TaskRequest; taskId: string }>,
	output: Array<INodeExecutionData | undefined>,
	options: { continueOnFail: boolean; createdForMs: number },
): Promise<INodeExecutionData[]> {
	const tasks: CallbackTask[] = open.map(({ request, taskId }) => ({
		itemIndex: request.itemIndex,
		taskId,
		returnSettings: request.returnSettings,
		result: request.result,
	}));
	const maxWaitMs = Math.max(...open.map(({ request }) => request.waitSettings?.maxWaitMs ?? 0));
	const state: CallbackWaitState = {
		tasks,
		decided: output.flatMap((item, itemIndex) => (item ? [{ itemIndex, item }] : [])),
		continueOnFail: options.continueOnFail,
	};
	if (options.createdForMs >= LONG_CREATE_PHASE_MS) {
		// A task that ended while the others were being created called back before the execution was waiting, and
		// n8n dropped that call: if every task has ended, no call would ever come. Read them as a callback would.
		const ended = await outputIfEnded(ctx, state, await readTasksForCallback(ctx, client, state, readingOrder(tasks)));
		if (ended.kind === 'error') throw ended.error;
		if (ended.kind === 'ended') return ended.items;
	}
	// Raised by n8n if the limit passes without a call; a callback that ends the wait replaces or removes it.
	const timeoutError = maxWaitError(
		ctx.getNode(),
		[tasks[0], ...tasks.slice(1)],
		maxWaitMs / 60_000,
		'no callback arrived',
	);
	ctx.setMetadata({ [STATE_KEY]: state, resumeError: timeoutError } as unknown as Parameters<
		IExecuteFunctions['setMetadata']
	>[0]);
	await ctx.putExecutionToWait(new Date(Date.now() + maxWaitMs));
	return ctx.getInputData();
}

/**
 * A call to the resume URL, by any method the resume webhooks accept. n8n has already checked the resume token; the
 * body and query are only a hint (domain/callbackSignal).
 * A call naming a task that is not this execution's is refused; any other call makes the node read its tasks.
 *
 * n8n saves nothing of a call that does not resume the execution, so every call starts from the state saved when the
 * wait began. To keep a call cheap, it first reads one task likely to be still running (the one created last, unless
 * the call reports a failure): if that one runs, the execution cannot resume yet and the call costs one query. Only
 * when it has ended are the others read, in parallel. Videos are downloaded only by the call that resumes.
 */
export async function receiveCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = ctx.getResponseObject();
	const stackEntry = waitingStackEntry(ctx);
	const state = (stackEntry?.metadata as IDataObject | undefined)?.[STATE_KEY] as CallbackWaitState | undefined;
	if (!stackEntry || !state) {
		response.status(409).json({ error: 'This execution is not waiting for Tomoviee tasks' });
		return { noWebhookResponse: true };
	}
	// Every method (GET, POST, PUT) arrives here: a GET has no body, and the task may be named in the query instead.
	const signal = readCallbackSignal(ctx.getBodyData(), ctx.getQueryData());
	const named = signal.taskId === undefined ? undefined : state.tasks.find((task) => task.taskId === signal.taskId);
	if (signal.taskId !== undefined && !named) {
		// Only the tasks this execution created may wake it: a call naming another task is answered and ignored.
		response.status(403).json({ error: 'The task_id is not one this execution waits for' });
		return { noWebhookResponse: true };
	}

	// The node's execute context and webhook context share what the client uses: credentials, node, request helpers.
	const client = await TomovieeClient.forExecution(ctx as unknown as IExecuteFunctions);
	const reads = await readTasksForCallback(ctx, client, state, readingOrder(state.tasks, named, signal.status));
	const ended = await outputIfEnded(ctx, state, reads);
	const metadata = stackEntry.metadata as IDataObject;
	if (ended.kind === 'open') {
		response.status(200).json({ received: true, waitingFor: ended.running.map((task) => task.taskId) });
		return { noWebhookResponse: true };
	}
	delete metadata[STATE_KEY];
	if (ended.kind === 'error') {
		// Stop at the first failure, like polling mode: the resumed node fails with this error.
		metadata.resumeError = ended.error as unknown as IDataObject;
		return { webhookResponse: { received: true }, workflowData: [[{ json: {} }]] };
	}
	delete metadata.resumeError;
	return {
		webhookResponse: { received: true },
		// n8n needs at least one item to resume the node.
		workflowData: [ended.items.length > 0 ? ended.items : [{ json: {} }]],
	};
}

/**
 * What the reads of a wait's tasks decide: still open (the tasks read and found running), the first failure (without
 * Continue On Fail, naming the tasks still running), or every item's output. Only this last case downloads.
 */
async function outputIfEnded(
	ctx: DownloadContext,
	state: CallbackWaitState,
	reads: Map<string, TaskRead>,
): Promise<
	| { kind: 'open'; running: CallbackTask[] }
	| { kind: 'error'; error: Error }
	| { kind: 'ended'; items: INodeExecutionData[] }
> {
	// Not known to have ended: still running, unreadable for now, or not read by this call.
	const unresolved = state.tasks.filter((task) => (reads.get(task.taskId)?.kind ?? 'open') === 'open');
	const firstError = state.continueOnFail ? undefined : firstFailure(state.tasks, reads);
	if (firstError) return { kind: 'error', error: withTasksStillRunning(firstError, unresolved) };
	if (unresolved.length > 0) return { kind: 'open', running: unresolved.filter((task) => reads.has(task.taskId)) };

	const items: Array<INodeExecutionData | undefined> = [];
	for (const { itemIndex, item } of state.decided) items[itemIndex] = item;
	for (const task of state.tasks) {
		const read = reads.get(task.taskId) as Exclude<TaskRead, { kind: 'open' }>;
		try {
			if (read.kind === 'failed') throw read.error;
			items[task.itemIndex] = await profileOf(task).outputItem(ctx, read.view, task.itemIndex, task.returnSettings);
		} catch (error) {
			const nodeError = asNodeError(ctx.getNode(), error, task.itemIndex);
			if (!state.continueOnFail) return { kind: 'error', error: nodeError };
			items[task.itemIndex] = errorItem(nodeError, task.itemIndex, ctx);
		}
	}
	return { kind: 'ended', items: items.filter((item): item is INodeExecutionData => item !== undefined) };
}

type TaskRead = { kind: 'succeeded'; view: CapabilityTaskView } | { kind: 'failed'; error: Error } | { kind: 'open' };

/**
 * Which task to read first. A call that names its task and reports success says that task is done: the task created
 * last is then the likeliest to be still running. A call that reports no success, or names no task, is read as it
 * comes: its own task first (a failure there ends the wait at once).
 */
function readingOrder<T extends { taskId: string }>(tasks: readonly T[], named?: T, claimedStatus?: number): T[] {
	const latestFirst = [...tasks].reverse();
	if (!named) return latestFirst;
	const others = latestFirst.filter((task) => task !== named);
	return claimedStatus === SUCCEEDED_STATUS_CODE ? [...others, named] : [named, ...others];
}

const SUCCEEDED_STATUS_CODE = 3;

/** Reads the first task alone; only when it has ended are the rest read, together. */
async function readTasksForCallback(
	ctx: { getNode(): INode },
	client: TomovieeClient,
	state: CallbackWaitState,
	order: CallbackTask[],
): Promise<Map<string, TaskRead>> {
	const reads = new Map<string, TaskRead>();
	const [first, ...rest] = order;
	const firstRead = await readTask(ctx, client, first);
	reads.set(first.taskId, firstRead);
	const stopsHere = firstRead.kind === 'open' || (firstRead.kind === 'failed' && !state.continueOnFail);
	if (stopsHere) return reads;
	const restReads = await Promise.all(rest.map(async (task) => await readTask(ctx, client, task)));
	rest.forEach((task, index) => reads.set(task.taskId, restReads[index]));
	return reads;
}

/**
 * One task's state. Transient faults are retried by the one rule for status queries, within a short budget (the
 * callback waits for its answer); still failing, the task counts as open: a later call reads it.
 */
async function readTask(ctx: { getNode(): INode }, client: TomovieeClient, task: CallbackTask): Promise<TaskRead> {
	const node = ctx.getNode();
	const pause = async (ms: number) => {
		await sleep(ms);
		return true;
	};
	const reply = (await client.tryQueryTask(task.taskId, pause, Date.now() + CALLBACK_READ_BUDGET_MS)) as Reply;
	if (!reply.ok && isRetryable('query', reply.failure)) return { kind: 'open' };
	try {
		const view = taskViewOrError(node, taskFromReply(node, reply, task), task, profileOf(task).read);
		if (!isFinalStatus(view.status)) return { kind: 'open' };
		if (view.status !== 'succeeded')
			return { kind: 'failed', error: unsuccessfulTaskError(node, view, task.itemIndex) };
		return { kind: 'succeeded', view };
	} catch (error) {
		return { kind: 'failed', error: asNodeError(node, error, task.itemIndex) };
	}
}

/** A failed read is sent again once (the first backoff is at most 1 s), not twice (the second is at least 1 s). */
const CALLBACK_READ_BUDGET_MS = 1500;

function firstFailure(tasks: readonly CallbackTask[], reads: Map<string, TaskRead>): Error | undefined {
	for (const task of tasks) {
		const read = reads.get(task.taskId);
		if (read?.kind === 'failed') return read.error;
	}
	return undefined;
}

/**
 * The node's entry on the execution stack, which n8n hands to the webhook context of a waiting node. n8n offers no
 * public accessor for it in webhook(), so it is read from the context; without it the call is refused.
 */
function waitingStackEntry(ctx: IWebhookFunctions): IExecuteData | undefined {
	const entry = (ctx as unknown as { executeData?: IExecuteData }).executeData;
	return entry && typeof entry === 'object' && entry.metadata ? entry : undefined;
}
