import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskOptionsCollection } from '../descriptions/optionsCollection';
import { videoRequestFields } from '../descriptions/videoRequestFields';
import { buildCreateTaskBody } from '../domain/requestBody';
import { TomovieeClient } from '../transport/tomovieeApi';
import { asNodeError, attempt, errorItem, withTasksStillRunning } from './itemErrors';
import { readCreateInput } from './readItemParameters';

/** The video to make; Options without the waiting settings, since Create does not wait. */
export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	...videoRequestFields,
	taskOptionsCollection(),
]);

/** Create: submit one task per item and output its id at once; Get Status or a callback picks it up later. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	// Validate every item first, so that bad input in item 5 costs no task for items 1-4.
	const inputs = items.map((_, itemIndex) => attempt(this, itemIndex, () => readCreateInput(this, itemIndex)));
	const client = await TomovieeClient.forExecution(this);
	const output: INodeExecutionData[] = [];
	const created: Array<{ itemIndex: number; taskId: string }> = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const input = inputs[itemIndex];
		if (input instanceof Error) {
			output.push(errorItem(input, itemIndex));
			continue;
		}
		try {
			const taskId = await client.createTask(buildCreateTaskBody(input), itemIndex);
			created.push({ itemIndex, taskId });
			output.push({
				json: { taskId, status: 'queued', ...(input.params !== undefined ? { params: input.params } : {}) },
				pairedItem: { item: itemIndex },
			});
		} catch (error) {
			// Stopping here must not lose the tasks the earlier items created: the error names them.
			if (!this.continueOnFail()) throw withTasksStillRunning(asNodeError(this.getNode(), error, itemIndex), created);
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
