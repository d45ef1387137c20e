/** Reads one item's parameters and validates them before any request; bad input becomes a NodeOperationError. */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import {
	DEFAULT_MAX_WAIT_MINUTES,
	DEFAULT_POLL_INTERVAL_SECONDS,
	MAX_WAIT_MINUTES_LIMIT,
	MIN_POLL_INTERVAL_SECONDS,
} from '../descriptions/optionsCollection';
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

/**
 * The editor's bounds hold for expressions too: a value outside them is refused before any request, since an
 * expression can yield 0.01 s (a request storm) or years (a wait n8n cannot schedule).
 */
export function readWaitSettings(ctx: IExecuteFunctions, itemIndex: number): WaitSettings {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const pollIntervalSeconds = numberWithin(ctx, itemIndex, {
		field: 'Poll Interval (Seconds)',
		raw: options.pollIntervalSeconds ?? DEFAULT_POLL_INTERVAL_SECONDS,
		min: MIN_POLL_INTERVAL_SECONDS,
		why: 'a shorter gap only adds requests',
	});
	const maxWaitMinutes = numberWithin(ctx, itemIndex, {
		field: 'Max Wait (Minutes)',
		raw: options.maxWaitMinutes ?? DEFAULT_MAX_WAIT_MINUTES,
		min: Number.MIN_VALUE,
		max: MAX_WAIT_MINUTES_LIMIT,
		why: "a finished video's signed URL lives about 48 hours, so a longer wait cannot deliver it",
	});
	return { pollIntervalMs: pollIntervalSeconds * 1000, maxWaitMs: maxWaitMinutes * 60_000 };
}

interface NumberBounds {
	field: string;
	raw: unknown;
	min: number;
	max?: number;
	/** Why the bound exists, for the error's description. */
	why: string;
}

function numberWithin(ctx: IExecuteFunctions, itemIndex: number, bounds: NumberBounds): number {
	const { field, raw, min, max } = bounds;
	const value = typeof raw === 'string' && raw.trim() === '' ? Number.NaN : Number(raw);
	if (Number.isFinite(value) && value >= min && (max === undefined || value <= max)) return value;
	const range = max === undefined ? `at least ${min}` : min === Number.MIN_VALUE ? `above 0 and at most ${max}` : `between ${min} and ${max}`;
	throw new NodeOperationError(ctx.getNode(), `${field} must be a number ${range} (got "${String(raw)}")`, {
		itemIndex,
		description: `Set ${field} under Options to a number ${range}: ${bounds.why}. Nothing was sent to Tomoviee.`,
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
