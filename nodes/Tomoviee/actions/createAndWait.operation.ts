import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readVideoTaskRequest } from './readItemParameters';
import { runCreateAndWait } from './taskRuns';

/** Create and Wait: submit every item's task, wait for all of them together, output each video. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCreateAndWait(this, items, (itemIndex) => readVideoTaskRequest(this, itemIndex));
}
