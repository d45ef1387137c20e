import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { outputProfileFor } from './outputItems';
import { runGetStatus } from './taskRuns';

export const description: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_img2video_b-0-2025080109295bd73652d4',
		description: 'ID of a task made by the Create operation: drag its taskId field here from the input panel',
		displayOptions: { show: { operation: ['getStatus'] } },
	},
];

/** Get Status: one task id in, the task's current state out (a finished task includes its video URL). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runGetStatus(this, items, () => outputProfileFor(undefined));
}
