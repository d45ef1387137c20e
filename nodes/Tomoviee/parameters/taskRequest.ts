/**
 * From the node's fields to the engine's requests, for both nodes: every item read and validated before any request
 * (bad input in item 5 costs no task for items 1-4), by the capability table's definition of the capability
 * (domain/capabilityInput), or a Custom Capability's id and body.
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { Capability } from '../domain/capabilities';
import { buildCapabilityRequest, buildCustomCapabilityRequest } from '../domain/capabilityInput';
import { resultSpecFor, resultSpecForCapabilityId, type ResultSpec } from '../domain/capabilityResult';
import { withAdditionalBodyFields } from '../domain/requestBody';
import { attempt } from '../engine/itemErrors';
import type { RunMode, StatusRequest, TaskRequest } from '../engine/types';
import { readReturnSettings, readTaskIdParameter, readWaitMode, readWaitSettings, validated } from './settings';

/** What an operation creates: a capability of the table (output in its node's shape), or a Custom Capability. */
export type CapabilityTarget = { capability: Capability; result?: ResultSpec } | { custom: true };

/** Create: the task made and its id output at once. Create and Wait: waited for, by Wait Mode. */
export type RunKind = 'create' | 'createAndWait';

/**
 * Every item's task request (or its error, under continueOnFail; otherwise the first error is thrown) and how the
 * tasks are run. `run` absent: the Tomoviee node's Mode field says.
 */
export function readTaskRun(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	target: CapabilityTarget,
	run?: RunKind,
): { requests: Array<TaskRequest | Error>; mode: RunMode } {
	const kind = run ?? (ctx.getNodeParameter('mode', 0, 'createAndWait') === 'create' ? 'create' : 'createAndWait');
	const mode: RunMode = kind === 'create' ? { kind: 'create' } : readWaitMode(ctx);
	const requests = items.map((_, itemIndex) =>
		attempt(ctx, itemIndex, () => {
			const request = readTaskRequest(ctx, itemIndex, target);
			if (mode.kind === 'callback' && request.callbackUrl !== undefined)
				throw callbackUrlInCallbackMode(ctx, itemIndex);
			return kind === 'create' ? request : { ...request, waitSettings: readWaitSettings(ctx, itemIndex) };
		}),
	);
	return { requests, mode };
}

/** Get Status: each item's task id, and how its answer is read (`resultFor` the id). */
export function readStatusRequests(
	ctx: IExecuteFunctions,
	items: INodeExecutionData[],
	resultFor: (taskId: string) => ResultSpec,
): Array<StatusRequest | Error> {
	return items.map((_, itemIndex) =>
		attempt(ctx, itemIndex, () => {
			const taskId = readTaskIdParameter(ctx, itemIndex);
			return { itemIndex, taskId, result: resultFor(taskId), returnSettings: readReturnSettings(ctx, itemIndex) };
		}),
	);
}

/** One item's fields as its task request; nothing is sent here. */
function readTaskRequest(ctx: IExecuteFunctions, itemIndex: number, target: CapabilityTarget): TaskRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const { request, result } = validated(ctx, itemIndex, () => {
		if ('custom' in target) {
			const custom = buildCustomCapabilityRequest({
				capabilityId: ctx.getNodeParameter('capabilityId', itemIndex, ''),
				body: ctx.getNodeParameter('body', itemIndex, '{}'),
				options,
			});
			return { request: custom, result: resultSpecForCapabilityId(custom.capabilityId) };
		}
		const { capability } = target;
		const values: Record<string, unknown> = {};
		for (const field of capability.fields) {
			if (field.parameter !== undefined && !field.inOptions)
				values[field.parameter] = ctx.getNodeParameter(field.parameter, itemIndex, undefined);
		}
		const made = buildCapabilityRequest(capability, { values, options });
		return { request: made, result: target.result ?? resultSpecFor(capability, made.capabilityId) };
	});
	// Additional Body Fields: merged last into every create of both nodes.
	const merged = validated(ctx, itemIndex, () => withAdditionalBodyFields(request, options.additionalBodyFields));
	const { path, body, callbackUrl, params } = merged;
	return { itemIndex, body, path, callbackUrl, params, result, returnSettings: readReturnSettings(ctx, itemIndex) };
}

function callbackUrlInCallbackMode(ctx: IExecuteFunctions, itemIndex: number): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		"The 'Callback URL' option cannot be used with 'Wait Mode' set to 'Callback'",
		{
			itemIndex,
			description:
				"With 'Wait Mode' set to 'Callback' the node sets the callback itself: remove the 'Callback URL' option, or set 'Wait Mode' to 'Poll'.",
		},
	);
}
