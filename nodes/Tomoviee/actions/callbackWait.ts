/**
 * "Wait Mode: Callback" for Create and Wait: the tasks are submitted with this execution's resume URL as Tomoviee's
 * `callback`, the execution is put to wait (no worker held), and Tomoviee's call resumes it.
 *
 * How n8n resumes a waiting node: the call to the resume URL runs the node's webhook() (n8n has already refused
 * calls without the execution's resume token), and what webhook() returns becomes the node's output; the node's
 * execute() does not run again. So webhook() treats the call as a signal only, reads every waiting task with a status
 * query and builds the same items polling mode outputs. When the wait limit passes without a call, n8n resumes the
 * node without running any of its code: the node then fails with the timeout error prepared when the wait began
 * (n8n's `resumeError`), the same error polling mode raises at its maximum wait.
 *
 * Several items: one wait for all tasks. Each callback re-reads every task still open; the execution resumes once all
 * have ended (or, without "Continue On Fail", at the first failure, as polling does). Until then the call is answered
 * and the execution keeps waiting, so callbacks may arrive in any order, twice, or not at all for some tasks.
 */
import type {
	IDataObject,
	IExecuteData,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { ResultSpec } from '../domain/capabilityResult';
import { isFinalStatus } from '../domain/taskView';
import { taskFromOutcome, TomovieeClient } from '../transport/tomovieeApi';
import { asNodeError, errorItem, withTasksStillRunning } from './itemErrors';
import type { WaitSettings } from './readItemParameters';
import { taskViewOrError, unsuccessfulTaskError } from './taskOutcome';
import { outputProfileFor } from './outputProfile';
import type { ReturnSettings } from './videoDownload';

export type WaitMode = 'poll' | 'callback';

/** Where the wait's state lives: the metadata of the node's entry on n8n's execution stack, saved with the execution. */
const STATE_KEY = 'tomovieeCallbackWait';

interface CallbackTask {
	itemIndex: number;
	taskId: string;
	returnSettings: ReturnSettings;
	/** How the Tomoviee node reads this task's result; absent for the Tomoviee Image to Video node. */
	result?: ResultSpec;
}

interface CallbackWaitState {
	tasks: CallbackTask[];
	/** Items already decided before the wait (submission failures under Continue On Fail), by item index. */
	decided: Array<{ itemIndex: number; item: INodeExecutionData }>;
	continueOnFail: boolean;
	maxWaitMinutes: number;
}

export interface CallbackRequest {
	itemIndex: number;
	/** The Callback URL option's value, if set: refused, this mode sets the callback itself. */
	callbackUrl?: string;
	/** The item's create body with this callback URL. */
	bodyWithCallback(callbackUrl: string): object;
	/** Create path of the capability; default image-to-video's. */
	path?: string;
	/** How the result is read and output; default the Tomoviee Image to Video node's video view. */
	result?: ResultSpec;
	settings: WaitSettings;
	returnSettings: ReturnSettings;
}

export function readWaitMode(ctx: IExecuteFunctions): WaitMode {
	return ctx.getNodeParameter('waitMode', 0, 'poll') === 'callback' ? 'callback' : 'poll';
}

/** `$execution.resumeUrl`: carries the execution's resume token, which n8n checks before it runs webhook(). */
function resumeUrlOf(ctx: IExecuteFunctions): string {
	const url = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
		throw new NodeOperationError(ctx.getNode(), 'n8n gave no resume URL for this execution', {
			description: 'Wait Mode "Callback" needs an n8n version that supports waiting executions; use Wait Mode "Poll".',
		});
	}
	// n8n 1.x resume URLs carry no token (anyone knowing the execution id could wake it) and its engine cannot fail a
	// node at the wait limit: callback mode is only offered where both hold.
	if (!/[?&]signature=[^&]+/.test(url)) {
		throw new NodeOperationError(ctx.getNode(), 'This n8n version cannot protect the resume URL that callback mode needs', {
			description: 'Wait Mode "Callback" needs n8n 2.x, whose resume URLs carry a resume token. Use Wait Mode "Poll".',
		});
	}
	return url;
}

/** First run: submit with the resume URL as callback, then put the execution to wait until the latest maximum wait. */
export async function submitAndWaitForCallbacks(
	ctx: IExecuteFunctions,
	client: TomovieeClient,
	requests: CallbackRequest[],
	output: Array<INodeExecutionData | undefined>,
): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const resumeUrl = resumeUrlOf(ctx);
	const tasks: CallbackTask[] = [];
	let latestDeadline = 0;
	let maxWaitMs = 0;
	// Checked for every item before any task exists, like all other bad input.
	const submittable = requests.filter(({ itemIndex, callbackUrl }) => {
		if (callbackUrl === undefined) return true;
		const error = new NodeOperationError(ctx.getNode(), 'The Callback URL option cannot be used with Wait Mode "Callback"', {
			itemIndex,
			description: 'Callback mode sets the callback itself: remove the Callback URL option, or use Wait Mode "Poll".',
		});
		if (!continueOnFail) throw error;
		output[itemIndex] = errorItem(error, itemIndex);
		return false;
	});
	for (const { itemIndex, bodyWithCallback, path, result, settings, returnSettings } of submittable) {
		try {
			const taskId = await client.createTask(bodyWithCallback(resumeUrl), itemIndex, path);
			tasks.push({ itemIndex, taskId, returnSettings, ...(result ? { result } : {}) });
			latestDeadline = Math.max(latestDeadline, Date.now() + settings.maxWaitMs);
			maxWaitMs = Math.max(maxWaitMs, settings.maxWaitMs);
		} catch (error) {
			const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
			if (!continueOnFail) throw withTasksStillRunning(nodeError, tasks);
			output[itemIndex] = errorItem(nodeError, itemIndex);
		}
	}
	if (tasks.length === 0) return output.filter((item): item is INodeExecutionData => item !== undefined);

	const state: CallbackWaitState = {
		tasks,
		decided: output.flatMap((item, itemIndex) => (item ? [{ itemIndex, item }] : [])),
		continueOnFail,
		maxWaitMinutes: Math.round((maxWaitMs / 60_000) * 100) / 100,
	};
	// Raised by n8n if the limit passes without a call; a callback that ends the wait replaces or removes it.
	const timeoutError = noCallbackError(ctx.getNode(), state);
	ctx.setMetadata({ [STATE_KEY]: state, resumeError: timeoutError } as unknown as Parameters<IExecuteFunctions['setMetadata']>[0]);
	await ctx.putExecutionToWait(new Date(latestDeadline));
	return ctx.getInputData();
}

/** A call to the resume URL: refuse foreign tasks, re-read every task, resume once all have ended. */
export async function receiveCallback(ctx: IWebhookFunctions): Promise<IWebhookResponseData> {
	const response = ctx.getResponseObject();
	const stackEntry = waitingStackEntry(ctx);
	const state = (stackEntry?.metadata as IDataObject | undefined)?.[STATE_KEY] as CallbackWaitState | undefined;
	if (!stackEntry || !state) {
		response.status(409).json({ error: 'This execution is not waiting for Tomoviee tasks' });
		return { noWebhookResponse: true };
	}
	const callbackTaskId = taskIdOfCallback(ctx.getBodyData());
	if (!state.tasks.some((task) => task.taskId === callbackTaskId)) {
		// Only the tasks this execution created may wake it: anything else is answered and ignored.
		response.status(403).json({ error: 'The task_id is not one this execution waits for' });
		return { noWebhookResponse: true };
	}

	// The node's execute context and webhook context share what the client uses: credentials, node, request helpers.
	const client = await TomovieeClient.forExecution(ctx as unknown as IExecuteFunctions);
	const items: Array<INodeExecutionData | undefined> = [];
	for (const { itemIndex, item } of state.decided) items[itemIndex] = item;
	const stillOpen: CallbackTask[] = [];
	let firstError: Error | undefined;
	for (const task of state.tasks) {
		try {
			const profile = outputProfileFor(task.result);
			const taskObject = taskFromOutcome(ctx.getNode(), await client.sendQuery(task.taskId), task);
			const view = taskViewOrError(ctx.getNode(), taskObject, task, profile.read);
			if (!isFinalStatus(view.status)) {
				stillOpen.push(task);
				continue;
			}
			if (view.status !== 'succeeded') throw unsuccessfulTaskError(ctx.getNode(), view, task.itemIndex);
			items[task.itemIndex] = await profile.outputItem(ctx, view, task.itemIndex, task.returnSettings);
		} catch (error) {
			const nodeError = asNodeError(ctx.getNode(), error, task.itemIndex);
			if (!state.continueOnFail) {
				firstError ??= nodeError;
				continue;
			}
			items[task.itemIndex] = errorItem(nodeError, task.itemIndex);
		}
	}

	const metadata = stackEntry.metadata as IDataObject;
	if (firstError) {
		// Stop at the first failure, like polling mode: the resumed node fails with this error.
		metadata.resumeError = withTasksStillRunning(firstError, stillOpen) as unknown as IDataObject;
	} else if (stillOpen.length > 0) {
		response.status(200).json({ received: true, waitingFor: stillOpen.map((task) => task.taskId) });
		return { noWebhookResponse: true };
	} else {
		delete metadata.resumeError;
	}
	delete metadata[STATE_KEY];
	const workflowItems = items.filter((item): item is INodeExecutionData => item !== undefined);
	return {
		webhookResponse: { received: true },
		// n8n needs at least one item to resume the node; a failing resume throws before these are used.
		workflowData: [workflowItems.length > 0 ? workflowItems : [{ json: {} }]],
	};
}

/**
 * The node's entry on the execution stack, which n8n hands to the webhook context of a waiting node. n8n offers no
 * public accessor for it in webhook(), so it is read from the context; without it the call is refused.
 */
function waitingStackEntry(ctx: IWebhookFunctions): IExecuteData | undefined {
	const entry = (ctx as unknown as { executeData?: IExecuteData }).executeData;
	return entry && typeof entry === 'object' && entry.metadata ? entry : undefined;
}

function taskIdOfCallback(body: unknown): string | undefined {
	let parsed = body;
	if (typeof parsed === 'string') {
		try {
			parsed = JSON.parse(parsed);
		} catch {
			return undefined;
		}
	}
	const taskId = (parsed as { task_id?: unknown } | undefined)?.task_id;
	return typeof taskId === 'string' && taskId !== '' ? taskId : undefined;
}

function noCallbackError(node: ReturnType<IExecuteFunctions['getNode']>, state: CallbackWaitState): NodeOperationError {
	const [first, ...others] = state.tasks;
	const what =
		others.length === 0
			? `Tomoviee task ${first.taskId} did not finish`
			: `Not every Tomoviee task (${state.tasks.map((task) => task.taskId).join(', ')}) finished`;
	const error = new NodeOperationError(
		node,
		`${what} within the maximum wait of ${state.maxWaitMinutes} minutes (no callback arrived)`,
		{
			itemIndex: first.itemIndex,
			description: `The task goes on at Tomoviee. Pick it up later with the Get Status operation and task ID ${first.taskId}, or raise "Max Wait (Minutes)" under Options.`,
		},
	);
	error.context.taskId = first.taskId;
	return withTasksStillRunning(error, others);
}
