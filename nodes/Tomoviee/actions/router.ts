/** The Tomoviee node's router: the resource and operation chosen (node-wide) pick the operation that runs. */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import * as audio from './audio';
import * as custom from './custom';
import * as image from './image';
import * as task from './task';
import * as video from './video';

type Execute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

export const resources: Record<string, { operations: Record<string, { execute: Execute }> }> = {
	video,
	audio,
	image,
	task,
	custom,
};

export async function route(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const operations = Object.prototype.hasOwnProperty.call(resources, resource)
		? resources[resource].operations
		: undefined;
	if (!operations || !Object.prototype.hasOwnProperty.call(operations, operation)) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
			{
				description: `Choose one of: ${Object.entries(resources)
					.flatMap(([name, { operations: known }]) => Object.keys(known).map((value) => `${name} > ${value}`))
					.join(', ')}`,
			},
		);
	}
	return [await operations[operation].execute.call(this, this.getInputData())];
}
