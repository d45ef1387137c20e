/**
 * Create, or Create and Wait, for any capability of the table or a Custom Capability: the Tomoviee node's every
 * generation operation runs through here, on the same engine as the Tomoviee Image to Video node (transport, batch
 * submission with Max Parallel Tasks, adaptive polling, Wait Mode Callback, download, continueOnFail).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Capability } from '../domain/capabilities';
import { buildCapabilityRequest, buildCustomCapabilityRequest, type CapabilityRequest } from '../domain/capabilityInput';
import { resultSpecFor, resultSpecForCapabilityId, toCapabilityTaskView, type ResultSpec } from '../domain/capabilityResult';
import { TomovieeClient } from '../transport/tomovieeApi';
import { readWaitMode, submitAndWaitForCallbacks } from './callbackWait';
import { settledCapabilityItem } from './capabilityOutput';
import { asNodeError, attempt, errorItem, withTasksStillRunning } from './itemErrors';
import { readWaitSettings, validated, type WaitSettings } from './readItemParameters';
import { readReturnSettings, type ReturnSettings } from './videoDownload';
import { readMaxParallelTasks, submitAndWait } from './waitForTasks';

/** What an operation runs: a capability of the table, or the Custom Capability operation's id and body. */
export type CapabilityTarget = { capability: Capability } | { custom: true };

interface PreparedTask {
	itemIndex: number;
	request: CapabilityRequest;
	spec: ResultSpec;
}

/** Reads and validates one item's parameters into its create request and result spec; nothing is sent here. */
export function prepareTask(ctx: IExecuteFunctions, itemIndex: number, target: CapabilityTarget): PreparedTask {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if ('custom' in target) {
		const request = validated(ctx, itemIndex, () =>
			buildCustomCapabilityRequest({
				capabilityId: ctx.getNodeParameter('capabilityId', itemIndex, ''),
				body: ctx.getNodeParameter('body', itemIndex, '{}'),
				options,
			}),
		);
		return { itemIndex, request, spec: resultSpecForCapabilityId(request.capabilityId) };
	}
	const { capability } = target;
	const values: Record<string, unknown> = {};
	for (const field of capability.fields) {
		if (field.parameter !== undefined && !field.inOptions) values[field.parameter] = ctx.getNodeParameter(field.parameter, itemIndex, undefined);
	}
	const request = validated(ctx, itemIndex, () => buildCapabilityRequest(capability, { values, options }));
	return { itemIndex, request, spec: resultSpecFor(capability, request.capabilityId) };
}

export async function runCapability(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	target: CapabilityTarget,
): Promise<INodeExecutionData[]> {
	const mode = this.getNodeParameter('mode', 0, 'createAndWait');
	return mode === 'create' ? await createTasks(this, items, target) : await createAndWait(this, items, target);
}

/** Create: one task per item, its id out at once. */
async function createTasks(ctx: IExecuteFunctions, items: INodeExecutionData[], target: CapabilityTarget): Promise<INodeExecutionData[]> {
	// Validate every item first, so that bad input in item 5 costs no task for items 1-4.
	const prepared = items.map((_, itemIndex) => attempt(ctx, itemIndex, () => prepareTask(ctx, itemIndex, target)));
	const client = await TomovieeClient.forExecution(ctx);
	const output: INodeExecutionData[] = [];
	const created: Array<{ itemIndex: number; taskId: string }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const task = prepared[itemIndex];
		if (task instanceof Error) {
			output.push(errorItem(task, itemIndex));
			continue;
		}
		try {
			const taskId = await client.createTask(task.request.body, itemIndex, task.request.path);
			created.push({ itemIndex, taskId });
			const json: IDataObject = { taskId, capability: task.request.capabilityId, status: 'queued' };
			if (task.request.params !== undefined) json.params = task.request.params;
			output.push({ json, pairedItem: { item: itemIndex } });
		} catch (error) {
			// Stopping here must not lose the tasks the earlier items created: the error names them.
			if (!ctx.continueOnFail()) throw withTasksStillRunning(asNodeError(ctx.getNode(), error, itemIndex), created);
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}

/** Create and Wait: submit every item's task, then wait for all together (polling or callback). */
async function createAndWait(ctx: IExecuteFunctions, items: INodeExecutionData[], target: CapabilityTarget): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const continueOnFail = ctx.continueOnFail();

	// 1. Read and validate every item before any request: bad input costs no task.
	const tasks: Array<PreparedTask & { settings: WaitSettings; returnSettings: ReturnSettings }> = [];
	items.forEach((_, itemIndex) => {
		const read = attempt(ctx, itemIndex, () => ({
			...prepareTask(ctx, itemIndex, target),
			settings: readWaitSettings(ctx, itemIndex),
			returnSettings: readReturnSettings(ctx, itemIndex),
		}));
		if (read instanceof Error) output[itemIndex] = errorItem(read, itemIndex);
		else tasks.push(read);
	});

	// 2. Submit (at most Max Parallel Tasks in flight) and wait for all of them together.
	const client = await TomovieeClient.forExecution(ctx);
	if (readWaitMode(ctx) === 'callback') {
		const requests = tasks.map(({ itemIndex, request, spec, settings, returnSettings }) => ({
			itemIndex,
			callbackUrl: request.callbackUrl,
			bodyWithCallback: (callbackUrl: string) => ({ ...request.body, callback: callbackUrl }),
			path: request.path,
			result: spec,
			settings,
			returnSettings,
		}));
		return await submitAndWaitForCallbacks(ctx, client, requests, output);
	}
	const byItem = new Map(tasks.map((task) => [task.itemIndex, task]));
	const settlements = await submitAndWait(
		ctx,
		client,
		tasks.map(({ itemIndex, request, settings }) => ({ itemIndex, body: request.body, path: request.path, settings })),
		{
			maxParallel: readMaxParallelTasks(ctx),
			stopOnFirstError: !continueOnFail,
			readView: (task: Record<string, unknown>, itemIndex: number) =>
				toCapabilityTaskView(task, (byItem.get(itemIndex) as PreparedTask).spec),
		},
	);
	for (const settlement of settlements) {
		const task = byItem.get(settlement.itemIndex) as PreparedTask & { returnSettings: ReturnSettings };
		output[settlement.itemIndex] =
			'view' in settlement
				? await settledCapabilityItem(ctx, settlement, task.spec, task.returnSettings, continueOnFail)
				: errorItem(settlement.error, settlement.itemIndex);
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
