/**
 * The three ways an operation runs its items, shared by both nodes: Create (a task per item, its id out at once),
 * Create and Wait (every task submitted, then all waited for together, by polling or callback) and Get Status. Each
 * node only says how an item's fields become a TaskRequest, and (Get Status) how a task's answer is read.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { cancelSignalOf } from '../transport/cancellation';
import { TomovieeClient } from '../transport/tomovieeClient';
import { submitAndWaitForCallbacks } from './callbackWait';
import { asNodeError, attempt, errorItem, withTasksStillRunning } from './itemErrors';
import { createdOutputItem, outputProfileFor, settledOutputItem, type OutputProfile } from './outputItems';
import {
	readMaxParallelTasks,
	readReturnSettings,
	readSimplifyOutput,
	readTaskIdParameter,
	readWaitMode,
	readWaitSettings,
} from './readItemParameters';
import type { TaskRequest, WaitingRequest } from './taskRequest';
import { taskViewOrError } from './taskOutcome';
import { submitAndWait } from './waitForTasks';

/** Reads and validates one item's fields into its task request; throws for bad input, sends nothing. */
export type ReadTaskRequest = (itemIndex: number) => TaskRequest;

/** Create: one task per item, its id out at once; Get Status or a callback picks it up later. */
export async function runCreate(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: ReadTaskRequest,
): Promise<INodeExecutionData[]> {
	// Validate every item first, so that bad input in item 5 costs no task for items 1-4.
	const requests = items.map((_, itemIndex) =>
		attempt(ctx, itemIndex, () => ({ ...read(itemIndex), simplify: readSimplifyOutput(ctx, itemIndex) })),
	);
	const client = await TomovieeClient.forExecution(ctx);
	const output: INodeExecutionData[] = [];
	const created: Array<{ itemIndex: number; taskId: string }> = [];
	for (const [itemIndex, request] of requests.entries()) {
		if (request instanceof Error) {
			output.push(errorItem(request, itemIndex, ctx));
			continue;
		}
		try {
			const taskId = await client.createTask(request.body, itemIndex, request.path);
			created.push({ itemIndex, taskId });
			output.push(createdOutputItem({ ...request, taskId }, request));
		} catch (error) {
			// Stopping here must not lose the tasks the earlier items created: the error names them.
			if (!ctx.continueOnFail()) throw withTasksStillRunning(asNodeError(ctx.getNode(), error, itemIndex), created);
			output.push(errorItem(error, itemIndex, ctx));
		}
	}
	return output;
}

/**
 * Create and Wait: submit every item's task first, then wait for all of them together, so that a batch takes about as
 * long as its slowest task rather than the sum of all.
 */
export async function runCreateAndWait(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	read: ReadTaskRequest,
): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();

	// 1. Read and validate every item before any request: bad input costs no task.
	const requests: WaitingRequest[] = [];
	items.forEach((_, itemIndex) => {
		const request = attempt(ctx, itemIndex, () => ({
			...read(itemIndex),
			settings: readWaitSettings(ctx, itemIndex),
			returnSettings: readReturnSettings(ctx, itemIndex),
		}));
		if (request instanceof Error) output[itemIndex] = errorItem(request, itemIndex, ctx);
		else requests.push(request);
	});

	// 2. Submit (at most Max Parallel Tasks in flight) and wait for all of them together.
	const client = await TomovieeClient.forExecution(ctx);
	if (readWaitMode(ctx) === 'callback') return await submitAndWaitForCallbacks(ctx, client, requests, output);
	const settlements = await submitAndWait(ctx, client, requests, {
		maxParallel: readMaxParallelTasks(ctx),
		stopOnFirstError: !continueOnFail,
	});
	const byItem = new Map(requests.map((request) => [request.itemIndex, request]));
	for (const settlement of settlements) {
		const request = byItem.get(settlement.itemIndex) as WaitingRequest;
		output[settlement.itemIndex] =
			'view' in settlement
				? await settledOutputItem(
						ctx,
						settlement,
						outputProfileFor(request.result),
						request.returnSettings,
						continueOnFail,
					)
				: errorItem(settlement.error, settlement.itemIndex, ctx);
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}

/** Get Status: one task id per item in, the task's current state out (with its result once it succeeded). */
export async function runGetStatus(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	profileForTask: (taskId: string) => OutputProfile,
): Promise<INodeExecutionData[]> {
	const client = await TomovieeClient.forExecution(ctx);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const taskId = readTaskIdParameter(ctx, itemIndex);
			const profile = profileForTask(taskId);
			const task = await client.queryTask(taskId, itemIndex);
			const view = taskViewOrError(ctx.getNode(), task, { itemIndex, taskId }, profile.read);
			output.push(
				await profile.outputItem(ctx, view, itemIndex, readReturnSettings(ctx, itemIndex), cancelSignalOf(ctx)),
			);
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
			output.push(errorItem(error, itemIndex, ctx));
		}
	}
	return output;
}
