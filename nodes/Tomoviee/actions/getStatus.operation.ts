import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { videoReturnFields } from '../descriptions/returnFields';
import { cancelSignalOf, TomovieeClient } from '../transport/tomovieeApi';
import { asNodeError, errorItem } from './itemErrors';
import { readTaskId } from './readItemParameters';
import { taskViewOrError } from './taskOutcome';
import { readReturnSettings, taskOutputItem } from './videoDownload';

export const description = updateDisplayOptions({ show: { operation: ['getStatus'] } }, [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_img2video_b-0-2025080109295bd73652d4',
		description: 'ID of a task made by the Create operation: drag its taskId field here from the input panel',
	},
	...videoReturnFields,
]);

/** Get Status: one task id in, the task's current state out (a finished task includes its video URL). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await TomovieeClient.forExecution(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const taskId = readTaskId(this, itemIndex);
			const task = await client.queryTask(taskId, itemIndex);
			const view = taskViewOrError(this.getNode(), task, { itemIndex, taskId });
			output.push(await taskOutputItem(this, view, itemIndex, readReturnSettings(this, itemIndex), cancelSignalOf(this)));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
