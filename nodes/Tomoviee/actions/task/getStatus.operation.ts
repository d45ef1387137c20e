import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { resultSpecForTask } from '../../domain/capabilityResult';
import { returnFields } from '../../descriptions/capabilityFields';
import { readTasks } from '../../engine/run';
import { readStatusRequests } from '../../parameters/taskRequest';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_text2music-0-2025080109295bd73652d4',
		description: "ID of any Tomoviee task, e.g. the 'taskId' output field of an operation whose 'Mode' is 'Create'",
	},
	...returnFields('file'),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getStatus'] } }, properties);

/** Get Status: the task's current state; once it succeeded, the URLs (or files) of its result, named for their kind. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// The task id names the capability that made it, and so the kind of its result.
	return await readTasks(this, readStatusRequests(this, items, resultSpecForTask));
}
