import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as create from './create.operation';
import * as createAndWait from './createAndWait.operation';
import * as getStatus from './getStatus.operation';

const operations = { create, getStatus, createAndWait } as const;
export type Operation = keyof typeof operations;

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!Object.prototype.hasOwnProperty.call(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
			description: `Choose one of: ${Object.keys(operations).join(', ')}`,
		});
	}
	const items = this.getInputData();
	return [await operations[operation as Operation].execute.call(this, items)];
}
