import type { INodeProperties } from 'n8n-workflow';
import * as run from './run.operation';

export const operations = { run };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['custom'] } },
		options: [
			{
				name: 'Run',
				value: 'run',
				action: 'Run capability by ID',
				description: 'Create a task of any Tomoviee capability from its ID and a JSON body, and wait for its files',
			},
		],
		default: 'run',
	},
	...run.description,
];
