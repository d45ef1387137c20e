/**
 * The engine's entry points, for both nodes: run items' tasks (Create, or Create and Wait by polling or callback) and
 * read tasks once (Get Status). Items arrive read and validated (parameters/), each as its request or its error; the
 * engine reads no node parameter.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { cancelSignalOf } from '../transport/cancellation';
import { TomovieeClient } from '../transport/tomovieeClient';
import { waitForCallbacks } from './callbackWait';
import { asNodeError, errorItem } from './itemErrors';
import { createdOutputItem, outputProfileFor, settledOutputItem } from './outputItems';
import { runTaskBatch, type PlannedTask } from './taskBatch';
import { taskViewOrError } from './taskOutcome';
import type { RunMode, StatusRequest, TaskRequest } from './types';

/**
 * Runs every item's task. Bad input was found before any request (an item's error here costs no task); tasks are
 * created, then, for Create and Wait, waited for all together, so that a batch takes about as long as its slowest task.
 */
export async function runTasks(
	ctx: IExecuteFunctions,
	requests: Array<TaskRequest | Error>,
	mode: RunMode,
): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(requests.length);
	const planned: PlannedTask[] = [];
	requests.forEach((request, itemIndex) => {
		if (request instanceof Error) output[itemIndex] = errorItem(request, itemIndex, ctx);
		else planned.push({ ...request, profile: outputProfileFor(request.result) });
	});
	const client = await TomovieeClient.forExecution(ctx);
	const continueOnFail = ctx.continueOnFail();
	const startedAt = Date.now();
	const outcomes = await runTaskBatch(ctx, client, planned, { mode, stopOnFirstError: !continueOnFail });
	const byItem = new Map(planned.map((request) => [request.itemIndex, request]));
	const open: Array<{ request: TaskRequest; taskId: string }> = [];
	for (const outcome of outcomes) {
		const { itemIndex } = outcome;
		const request = byItem.get(itemIndex) as PlannedTask;
		if (outcome.kind === 'failed') output[itemIndex] = errorItem(outcome.error, itemIndex, ctx);
		else if (outcome.kind === 'succeeded')
			output[itemIndex] = await settledOutputItem(
				ctx,
				outcome,
				request.profile,
				request.returnSettings,
				continueOnFail,
			);
		else if (mode.kind === 'create') output[itemIndex] = createdOutputItem(request, outcome.taskId);
		else open.push({ request, taskId: outcome.taskId });
	}
	// Callback mode: the execution now waits for Tomoviee's calls (unless every task already ended while polling).
	if (open.length > 0)
		return await waitForCallbacks(ctx, client, open, output, { continueOnFail, createdForMs: Date.now() - startedAt });
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}

/** Get Status: each item's task read once; its current state out, with its result once it succeeded. */
export async function readTasks(
	ctx: IExecuteFunctions,
	requests: Array<StatusRequest | Error>,
): Promise<INodeExecutionData[]> {
	const client = await TomovieeClient.forExecution(ctx);
	const output: INodeExecutionData[] = [];
	for (const [itemIndex, request] of requests.entries()) {
		try {
			if (request instanceof Error) throw request;
			const { taskId, result, returnSettings } = request;
			// One profile per task: the task's answer is read and output by the same one.
			const profile = outputProfileFor(result);
			const task = await client.queryTask(taskId, itemIndex);
			const view = taskViewOrError(ctx.getNode(), task, { itemIndex, taskId }, profile.read);
			output.push(await profile.outputItem(ctx, view, itemIndex, returnSettings, cancelSignalOf(ctx)));
		} catch (error) {
			if (!ctx.continueOnFail()) throw asNodeError(ctx.getNode(), error, itemIndex);
			output.push(errorItem(error, itemIndex, ctx));
		}
	}
	return output;
}
