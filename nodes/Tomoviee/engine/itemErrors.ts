/** How an item's error leaves the node: thrown as an n8n error, or (continueOnFail) kept as an output item. */
import { STATUS_OPERATION } from '../domain/vocabulary';
import type { IDataObject, INode, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

function contextOf(error: unknown): IDataObject {
	return (error as { context?: IDataObject } | undefined)?.context ?? {};
}

/** n8n errors pass through unchanged (they already carry item index and task id); anything else is wrapped. */
export function asNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	// A second copy of n8n-workflow (n8n's own) makes instanceof miss errors thrown by n8n itself: isNodeError also reads the name.
	if (isNodeError(error)) return error;
	return new NodeOperationError(node, error as Error, { itemIndex });
}

function isNodeError(error: unknown): error is NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return true;
	const name = (error as Error | undefined)?.name;
	return name === 'NodeApiError' || name === 'NodeOperationError';
}

/**
 * The output item of a failed item under continueOnFail: the message, the description, the task id and the task's
 * error code in its JSON.
 * With On Error "Continue (using error output)" n8n sends an item to the error output when it has `error` (and then
 * replaces its JSON with the message alone) or when its JSON has no key beside error/message/details (and then keeps
 * it, on top of the input item's fields). The second way keeps the task id as a field: it goes under `details`.
 */
export function errorItem(error: unknown, itemIndex: number, ctx: { getNode(): INode }): INodeExecutionData {
	const message = (error as Error)?.message ?? String(error);
	const details: IDataObject = {};
	const description = (error as { description?: unknown })?.description;
	if (typeof description === 'string' && description !== '') details.errorDescription = description;
	const { taskId, errorCode } = contextOf(error);
	if (typeof taskId === 'string') details.taskId = taskId;
	// A task Tomoviee ended with its own code (68xxxx): the same code Get Status outputs as errorCode.
	if (typeof errorCode === 'number') details.errorCode = errorCode;
	const json: IDataObject =
		ctx.getNode().onError === 'continueErrorOutput'
			? { error: message, ...(Object.keys(details).length > 0 ? { details } : {}) }
			: { error: message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}

/** Runs a step for one item; under continueOnFail its error is kept for the item's output instead of thrown. */
export function attempt<T>(
	ctx: { continueOnFail(): boolean; getNode(): INode },
	itemIndex: number,
	step: () => T,
): T | NodeApiError | NodeOperationError {
	try {
		return step();
	} catch (error) {
		const nodeError = asNodeError(ctx.getNode(), error, itemIndex);
		if (!ctx.continueOnFail()) throw nodeError;
		return nodeError;
	}
}

/**
 * Stopping at one item's error must not lose the other tasks already created: a copy of the error that names them
 * (the error itself is left as it is: it may be kept elsewhere, e.g. in an item's output or a wait's saved state).
 */
export function withTasksStillRunning<T extends Error>(
	error: T,
	tasks: Array<{ itemIndex: number; taskId: string }>,
): T {
	if (tasks.length === 0) return error;
	const original = error as T & { description?: string | null; context?: IDataObject };
	const copy = Object.assign(Object.create(Object.getPrototypeOf(error) as object) as T, error, {
		message: error.message,
		stack: error.stack,
	}) as typeof original;
	const list = tasks.map((task) => `item ${task.itemIndex}: ${task.taskId}`).join(', ');
	copy.description =
		`${original.description ?? ''} Tasks still running at Tomoviee, to pick up with ${STATUS_OPERATION}: ${list}.`.trim();
	if (original.context) copy.context = { ...original.context, otherTaskIds: tasks.map((task) => task.taskId) };
	return copy;
}
