/** From a task object to the node's output, or to the error that a finished-but-unusable task deserves. */
import { STATUS_OPERATION } from '../domain/vocabulary';
import type { INode } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';
import type { CapabilityTaskView } from '../domain/capabilityResult';
import { failedTaskHint } from '../domain/taskFailure';
import { TaskResultError } from '../domain/taskView';
import { failureToNodeApiError, type ErrorPlace } from '../transport/nodeApiError';

/** Reads a task object into a view; throws TaskResultError when the answer is not usable. */
export type TaskReader = (task: Record<string, unknown>) => CapabilityTaskView;

/** The view `read` makes of a task, or a NodeApiError naming the task when the answer is not usable. */
export function taskViewOrError(
	node: INode,
	task: Record<string, unknown>,
	place: ErrorPlace,
	read: TaskReader,
): CapabilityTaskView {
	const view = toTaskViewOrFailure(task, read);
	if (view instanceof TaskResultError) {
		throw failureToNodeApiError(
			node,
			{
				kind: 'badResponse',
				message: view.message,
				description: `Tomoviee's answer was not usable; read the task again later with ${STATUS_OPERATION}`,
			},
			{ ...place, taskId: view.taskId || place.taskId },
		);
	}
	return view;
}

const FINAL_FAILURE_WORDING: Record<string, string> = {
	failed: 'failed',
	cancelled: 'was cancelled',
	timedOut: "timed out on Tomoviee's side",
};

/**
 * A task that ended as failed, cancelled or timed out: an error that names the task, Tomoviee's reason and its code,
 * with a hint that fits the capability.
 */
export function unsuccessfulTaskError(node: INode, view: CapabilityTaskView, itemIndex: number): NodeApiError {
	const reason = view.reason || 'no reason given';
	const hint = failedTaskHint({ capabilityId: view.capability, reason, errorCode: view.errorCode });
	const error = failureToNodeApiError(
		node,
		{
			kind: 'api',
			message: `Tomoviee task ${view.taskId} ${FINAL_FAILURE_WORDING[view.status] ?? view.status}: ${reason}`,
			description: hint,
		},
		{ itemIndex },
	);
	error.context.taskId = view.taskId;
	error.context.taskStatus = view.status;
	error.context.reason = view.reason;
	if (view.errorCode !== undefined) error.context.errorCode = view.errorCode;
	return error;
}

function toTaskViewOrFailure(task: Record<string, unknown>, read: TaskReader): CapabilityTaskView | TaskResultError {
	try {
		return read(task);
	} catch (error) {
		if (error instanceof TaskResultError) return error;
		return new TaskResultError(
			String(task.task_id ?? ''),
			`Tomoviee's task answer could not be read: ${String(error)}`,
		);
	}
}
