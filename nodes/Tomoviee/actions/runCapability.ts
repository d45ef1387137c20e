/**
 * Create, or Create and Wait, for any capability of the table or a Custom Capability: the Tomoviee node's every
 * generation operation runs through here, on the same engine as the Tomoviee Image to Video node (actions/taskRuns).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Capability } from '../domain/capabilities';
import {
	buildCapabilityRequest,
	buildCustomCapabilityRequest,
	type CapabilityRequest,
} from '../domain/capabilityInput';
import { resultSpecFor, resultSpecForCapabilityId, type ResultSpec } from '../domain/capabilityResult';
import { applyAdditionalBodyFields, validated } from './readItemParameters';
import type { TaskRequest } from './taskRequest';
import { runCreate, runCreateAndWait } from './taskRuns';

/** What an operation runs: a capability of the table, or the Custom Capability operation's id and body. */
export type CapabilityTarget = { capability: Capability; result?: ResultSpec } | { custom: true };

/** Reads and validates one item's fields into its task request; nothing is sent here. */
export function readCapabilityTaskRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	target: CapabilityTarget,
): TaskRequest {
	return applyAdditionalBodyFields(ctx, itemIndex, readCapabilityFields(ctx, itemIndex, target));
}

function readCapabilityFields(ctx: IExecuteFunctions, itemIndex: number, target: CapabilityTarget): TaskRequest {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if ('custom' in target) {
		const request = validated(ctx, itemIndex, () =>
			buildCustomCapabilityRequest({
				capabilityId: ctx.getNodeParameter('capabilityId', itemIndex, ''),
				body: ctx.getNodeParameter('body', itemIndex, '{}'),
				options,
			}),
		);
		return toTaskRequest(itemIndex, request, resultSpecForCapabilityId(request.capabilityId));
	}
	const { capability } = target;
	const values: Record<string, unknown> = {};
	for (const field of capability.fields) {
		if (field.parameter !== undefined && !field.inOptions)
			values[field.parameter] = ctx.getNodeParameter(field.parameter, itemIndex, undefined);
	}
	const request = validated(ctx, itemIndex, () => buildCapabilityRequest(capability, { values, options }));
	return toTaskRequest(itemIndex, request, target.result ?? resultSpecFor(capability, request.capabilityId));
}

function toTaskRequest(itemIndex: number, request: CapabilityRequest, result: ResultSpec): TaskRequest {
	const { capabilityId, path, body, callbackUrl, params } = request;
	return { itemIndex, body, path, callbackUrl, params, capability: capabilityId, result };
}

export async function runCapability(
	this: IExecuteFunctions,
	items: INodeExecutionData[],
	target: CapabilityTarget,
): Promise<INodeExecutionData[]> {
	const read = (itemIndex: number) => readCapabilityTaskRequest(this, itemIndex, target);
	const mode = this.getNodeParameter('mode', 0, 'createAndWait');
	return mode === 'create' ? await runCreate(this, items, read) : await runCreateAndWait(this, items, read);
}
