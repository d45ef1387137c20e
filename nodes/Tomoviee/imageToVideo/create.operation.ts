import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskOptionsCollection } from '../descriptions/optionsCollection';
import { videoRequestFields } from '../descriptions/videoRequestFields';
import { runTasks } from '../engine/run';
import { readTaskRun } from '../parameters/taskRequest';
import { IMAGE_TO_VIDEO } from './target';

/** The video to make; Options without the waiting settings, since Create does not wait. */
export const description = updateDisplayOptions({ show: { operation: ['create'] } }, [
	...videoRequestFields,
	taskOptionsCollection(),
]);

/** Create: submit one task per item and output its id at once; Get Status or a callback picks it up later. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, IMAGE_TO_VIDEO, 'create');
	return await runTasks(this, requests, mode);
}
