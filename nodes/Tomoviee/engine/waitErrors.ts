/** The errors of a wait that ends without every task's result: the maximum wait passed, or the execution was stopped. */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import { STATUS_OPERATION } from '../domain/vocabulary';
import { withTasksStillRunning } from './itemErrors';

interface OpenTask {
	itemIndex: number;
	taskId: string;
}

/**
 * The maximum wait passed while tasks were still open (polling: one task, with what was last seen of it; callback: all
 * the wait's tasks, with no callback arrived). The first task is the error's; the others are named as still running.
 */
export function maxWaitError(
	node: INode,
	tasks: [OpenTask, ...OpenTask[]],
	maxWaitMinutes: number,
	lastSeen: string,
): NodeOperationError {
	const [first, ...others] = tasks;
	const what =
		others.length === 0
			? `Tomoviee task ${first.taskId} did not finish`
			: `Not every Tomoviee task (${tasks.map((task) => task.taskId).join(', ')}) finished`;
	const minutes = Math.round(maxWaitMinutes * 100) / 100;
	const error = new NodeOperationError(node, `${what} within the maximum wait of ${minutes} minutes (${lastSeen})`, {
		itemIndex: first.itemIndex,
		description: `The task goes on at Tomoviee. Pick up task ${first.taskId} later with ${STATUS_OPERATION}, or raise 'Max Wait (Minutes)' under 'Options'.`,
	});
	error.context.taskId = first.taskId;
	return withTasksStillRunning(error, others);
}

/** Stopped while waiting: the tasks go on at Tomoviee, and creates cut off mid-request may have made tasks too. */
export function cancelledWhileWaiting(node: INode, open: OpenTask[], uncertainCreates: number[]): NodeOperationError {
	const ids = open.map((task) => task.taskId);
	const created = ids.length > 0 ? ` Tomoviee task(s) ${ids.join(', ')}` : '';
	const inFlight =
		uncertainCreates.length > 0
			? ` Creates still in flight for item(s) ${uncertainCreates.join(', ')} may have made tasks too: look for them in your Tomoviee task list before running those items again.`
			: '';
	const error = new NodeOperationError(
		node,
		`The execution was canceled while waiting for${created || ' Tomoviee tasks'}`,
		{
			itemIndex: open[0]?.itemIndex ?? uncertainCreates[0],
			description: `The tasks go on at Tomoviee: pick them up with ${STATUS_OPERATION} and these task IDs.${inFlight}`,
		},
	);
	if (ids.length > 0) error.context.taskId = ids[0];
	error.context.taskIds = ids;
	if (uncertainCreates.length > 0) error.context.itemsWithUncertainCreates = uncertainCreates;
	return error;
}
