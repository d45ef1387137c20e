import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskOptionsCollection } from '../descriptions/optionsCollection';
import { videoRequestFields } from '../descriptions/videoRequestFields';
import { readVideoTaskRequest } from './readItemParameters';
import { runCreate } from './taskRuns';

/** The video to make; Options without the waiting settings, since Create does not wait. */
export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	...videoRequestFields,
	taskOptionsCollection(),
]);

/** Create: submit one task per item and output its id at once; Get Status or a callback picks it up later. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCreate(this, items, (itemIndex) => readVideoTaskRequest(this, itemIndex));
}
