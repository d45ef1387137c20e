/** Turns a classified failure into the NodeApiError n8n shows, naming the task once it exists. */
import { STATUS_OPERATION } from '../domain/vocabulary';
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import { createMayHaveSucceeded, type ApiFailure } from './failures';

export interface ErrorPlace {
	itemIndex: number;
	/** Set once the task exists, so that the error never loses it. */
	taskId?: string;
}

export function failureToNodeApiError(node: INode, failure: ApiFailure, place: ErrorPlace): NodeApiError {
	const taskNote = place.taskId
		? ` The task ${place.taskId} was created: use ${STATUS_OPERATION} with this task ID to pick it up.`
		: '';
	const message = place.taskId ? `${failure.message} [task ${place.taskId}]` : failure.message;
	const error = new NodeApiError(
		node,
		{ message: failure.message, code: failure.errorCode ?? failure.networkCode ?? null } as JsonObject,
		{
			message,
			description: `${failure.description ?? ''}${taskNote}`.trim() || undefined,
			httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
			itemIndex: place.itemIndex,
		},
	);
	// NodeApiError swaps a message naming a socket code (ECONNRESET...) for a generic text without the task id.
	error.message = message;
	// The retry policy and continueOnFail read these back instead of parsing the message.
	error.context.failureKind = failure.kind;
	if (failure.retryAfterMs !== undefined) error.context.retryAfterMs = failure.retryAfterMs;
	if (failure.errorCode !== undefined) error.context.errorCode = failure.errorCode;
	if (place.taskId) error.context.taskId = place.taskId;
	return error;
}

export const CREATE_MAY_EXIST_NOTE =
	'Tomoviee may have created the task before the request failed: it was not sent again, so that no duplicate is made and charged. Look for it in your Tomoviee task list (or the callback, if you set one) before running this item again.';

/** A create that failed; when it failed after sending, the task may exist all the same, and the error says so. */
export function createFailureToNodeApiError(node: INode, failure: ApiFailure, itemIndex: number): NodeApiError {
	const error = failureToNodeApiError(node, failure, { itemIndex });
	if (createMayHaveSucceeded(failure)) {
		error.description = `${error.description ?? ''} ${CREATE_MAY_EXIST_NOTE}`.trim();
		error.context.taskMayExist = true;
	}
	return error;
}
