/**
 * Reads the nodes' settings and validates them before any request; bad input becomes a NodeOperationError that names
 * the field. Node-wide settings (Wait Mode, Max Parallel Tasks) are read from the first item.
 */
import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { InvalidInputError, validateTaskId } from '../domain/validate';
import type { ReturnSettings, RunMode, WaitSettings } from '../engine/types';
import { BYTES_PER_MB } from '../transport/download';
import {
	DEFAULT_BINARY_PROPERTY,
	DEFAULT_MAX_DOWNLOAD_MB,
	DEFAULT_MAX_PARALLEL_TASKS,
	DEFAULT_MAX_WAIT_MINUTES,
	DEFAULT_POLL_INTERVAL_SECONDS,
	MAX_PARALLEL_TASKS_LIMIT,
	MAX_WAIT_MINUTES_LIMIT,
	MIN_POLL_INTERVAL_SECONDS,
} from './defaults';

/** The Task ID field of Get Status. */
export function readTaskIdParameter(ctx: IExecuteFunctions, itemIndex: number): string {
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

/**
 * How Create and Wait waits (Wait Mode, node-wide): Poll with at most Max Parallel Tasks at once, or Callback with this
 * execution's resume URL.
 */
export function readWaitMode(ctx: IExecuteFunctions): RunMode {
	if (ctx.getNodeParameter('waitMode', 0, 'poll') !== 'callback')
		return { kind: 'poll', maxParallel: readMaxParallelTasks(ctx) };
	return { kind: 'callback', resumeUrl: resumeUrlOf(ctx) };
}

/** `$execution.resumeUrl`: carries the execution's resume token, which n8n checks before it runs webhook(). */
function resumeUrlOf(ctx: IExecuteFunctions): string {
	const url = ctx.evaluateExpression('{{ $execution.resumeUrl }}', 0);
	if (typeof url !== 'string' || !/^https?:\/\//.test(url)) {
		throw new NodeOperationError(ctx.getNode(), 'n8n gave no resume URL for this execution', {
			description:
				"Waiting for a callback needs an n8n version that supports waiting executions: set 'Wait Mode' to 'Poll'.",
		});
	}
	// n8n 1.x resume URLs carry no token (anyone knowing the execution id could wake it) and its engine cannot fail a
	// node at the wait limit: callback mode is only offered where both hold.
	if (!/[?&]signature=[^&]+/.test(url)) {
		throw new NodeOperationError(
			ctx.getNode(),
			"This n8n version cannot protect the resume URL that 'Wait Mode' 'Callback' needs",
			{
				description:
					"'Wait Mode' 'Callback' needs n8n 2.x, whose resume URLs carry a resume token. Set 'Wait Mode' to 'Poll'.",
			},
		);
	}
	return url;
}

/** Reads "Max Parallel Tasks" (a node-wide setting, taken from the first item). */
export function readMaxParallelTasks(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const raw = options.maxParallelTasks ?? DEFAULT_MAX_PARALLEL_TASKS;
	const value = Number(raw);
	if (Number.isInteger(value) && value >= 1 && value <= MAX_PARALLEL_TASKS_LIMIT) return value;
	throw new NodeOperationError(
		ctx.getNode(),
		`'Max Parallel Tasks' must be a whole number from 1 to ${MAX_PARALLEL_TASKS_LIMIT} (got "${String(raw)}")`,
		{
			itemIndex: 0,
			description: `Set 'Max Parallel Tasks' under 'Options' to a whole number from 1 to ${MAX_PARALLEL_TASKS_LIMIT}; past your plan's limit, more tasks only wait in Tomoviee's queue. Nothing was sent to Tomoviee.`,
		},
	);
}

/**
 * Simplify Output: a node of version 1 has no such field and keeps its full output; from 1.1 the field is on by
 * default (descriptions/simplifyOutput).
 */
function readSimplifyOutput(
	ctx: { getNodeParameter: IExecuteFunctions['getNodeParameter'] },
	itemIndex: number,
): boolean {
	return ctx.getNodeParameter('simplify', itemIndex, false) === true;
}

const URL_RETURN_SETTINGS: ReturnSettings = {
	simplify: false,
	returnAs: 'url',
	binaryPropertyName: DEFAULT_BINARY_PROPERTY,
	maxBytes: DEFAULT_MAX_DOWNLOAD_MB * BYTES_PER_MB,
};

/** Reads Return As for one item; reads nothing else when the answer is the URL (the default). */
export function readReturnSettings(
	ctx: { getNodeParameter: IExecuteFunctions['getNodeParameter']; getNode(): INode },
	itemIndex: number,
): ReturnSettings {
	const simplify = readSimplifyOutput(ctx, itemIndex);
	const returnAs = ctx.getNodeParameter('returnAs', itemIndex, 'url') as string;
	if (returnAs !== 'binary') return { ...URL_RETURN_SETTINGS, simplify };
	const binaryPropertyName = String(
		ctx.getNodeParameter('binaryPropertyName', itemIndex, DEFAULT_BINARY_PROPERTY) ?? '',
	).trim();
	if (binaryPropertyName === '') {
		throw new NodeOperationError(ctx.getNode(), "'Put Output File in Field' must not be empty", {
			itemIndex,
			description: 'Name the output field the file goes into, e.g. "data"',
		});
	}
	const rawMaxMb = ctx.getNodeParameter('maxFileSizeMb', itemIndex, DEFAULT_MAX_DOWNLOAD_MB);
	const maxMb = typeof rawMaxMb === 'string' && rawMaxMb.trim() === '' ? Number.NaN : Number(rawMaxMb);
	if (!Number.isFinite(maxMb) || maxMb <= 0) {
		throw new NodeOperationError(
			ctx.getNode(),
			`'Max File Size (MB)' must be a number above 0 (got "${String(rawMaxMb)}")`,
			{
				itemIndex,
				description: `Set 'Max File Size (MB)' to the largest file to download, e.g. ${DEFAULT_MAX_DOWNLOAD_MB}. Nothing was sent to Tomoviee.`,
			},
		);
	}
	return { simplify, returnAs: 'binary', binaryPropertyName, maxBytes: Math.floor(maxMb * BYTES_PER_MB) };
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
	const range =
		max === undefined
			? `at least ${min}`
			: min === Number.MIN_VALUE
				? `above 0 and at most ${max}`
				: `between ${min} and ${max}`;
	throw new NodeOperationError(ctx.getNode(), `'${field}' must be a number ${range} (got "${String(raw)}")`, {
		itemIndex,
		description: `Set '${field}' under 'Options' to a number ${range}: ${bounds.why}. Nothing was sent to Tomoviee.`,
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
				description: `Fix the '${error.field}' field of the node, then run again. Nothing was sent to Tomoviee.`,
			});
		}
		throw new NodeOperationError(ctx.getNode(), error as Error, { itemIndex });
	}
}
