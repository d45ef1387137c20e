import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { readVideoTaskRequest } from './readItemParameters';
import { runCreate } from './taskRuns';

/** Create: submit one task per item and output its id at once; Get Status or a callback picks it up later. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCreate(this, items, (itemIndex) => readVideoTaskRequest(this, itemIndex));
}
