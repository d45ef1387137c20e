/** Reads one item's parameters and validates them before any request; bad input becomes a NodeOperationError. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { DEFAULT_MAX_WAIT_MINUTES, DEFAULT_POLL_INTERVAL_SECONDS } from '../descriptions/optionsCollection';
import { InvalidInputError, validateCreateInput, validateTaskId, type ImageToVideoInput } from '../domain/validate';

export interface WaitSettings {
	pollIntervalMs: number;
	maxWaitMs: number;
}

export function readCreateInput(ctx: IExecuteFunctions, itemIndex: number): ImageToVideoInput {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return validated(ctx, itemIndex, () =>
		validateCreateInput({
			prompt: ctx.getNodeParameter('prompt', itemIndex, ''),
			imageUrl: ctx.getNodeParameter('imageUrl', itemIndex, ''),
			resolution: ctx.getNodeParameter('resolution', itemIndex, '720p'),
			aspectRatio: ctx.getNodeParameter('aspectRatio', itemIndex, 'original'),
			cameraMove: ctx.getNodeParameter('cameraMove', itemIndex, 0),
			callbackUrl: options.callbackUrl,
			params: options.params,
		}),
	);
}

export function readTaskId(ctx: IExecuteFunctions, itemIndex: number): string {
	return validated(ctx, itemIndex, () => validateTaskId(ctx.getNodeParameter('taskId', itemIndex, '')));
}

export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const pollIntervalSeconds = positiveNumber(
		ctx,
		itemIndex,
		'Poll Interval (Seconds)',
		options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
	);
	const maxWaitMinutes = positiveNumber(
		ctx,
		itemIndex,
		'Max Wait (Minutes)',
		options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES,
	);
	return { pollIntervalMs: pollIntervalSeconds * 1000, maxWaitMs: maxWaitMinutes * 60_000 };
}

function positiveNumber(ctx: IExecuteFunctions, itemIndex: number, field: string, raw: unknown): number {
	const value = Number(raw);
	if (Number.isFinite(value) && value > 0) return value;
	throw new NodeOperationError(ctx.getNode(), `${field} must be a number above 0 (got "${String(raw)}")`, {
		itemIndex,
		description: `Set ${field} under Options to a positive number`,
	});
}

/** Runs a validation for one item; an InvalidInputError becomes a NodeOperationError naming the field. */
export function validated<T>(ctx: IExecuteFunctions, itemIndex: number, read: () => T): T {
	try {
		return read();
	} catch (error) {
		if (error instanceof InvalidInputError) {
			throw new NodeOperationError(ctx.getNode(), error.message, {
				itemIndex,
				description: `Fix the "${error.field}" field of the node, then run again. Nothing was sent to Tomoviee.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}
