import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { videoReturnFields } from '../descriptions/returnFields';
import { IMAGE_TO_VIDEO_RESULT } from '../domain/capabilityResult';
import { readTasks } from '../engine/run';
import { readStatusRequests } from '../parameters/taskRequest';

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
	// Read as a video task, whatever its id says: the node's output stays the same for every task.
	return await readTasks(
		this,
		readStatusRequests(this, items, () => IMAGE_TO_VIDEO_RESULT),
	);
}
