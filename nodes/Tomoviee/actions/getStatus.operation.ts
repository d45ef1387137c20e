import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { videoReturnFields } from '../descriptions/returnFields';
import { outputProfileFor } from './outputItems';
import { runGetStatus } from './taskRuns';

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_img2video_b-0-2025080109295bd73652d4',
		description: "ID of a task made by 'Create Video': drag its 'taskId' field here from the input panel",
	},
	...videoReturnFields,
]);

/** Get Status: one task id in, the task's current state out (a finished task includes its video URL). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runGetStatus(this, items, () => outputProfileFor(undefined));
}
