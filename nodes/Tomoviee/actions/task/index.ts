import type { INodeProperties } from 'n8n-workflow';
import * as getStatus from './getStatus.operation';

export const operations = { getStatus };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['task'] } },
		options: [
			{
				name: 'Get Status',
				value: 'getStatus',
				action: 'Get task status',
				description: 'Read the state of any Tomoviee task, with the URLs of its result once it is ready',
			},
		],
		default: 'getStatus',
	},
	...getStatus.description,
];
