import type { INodeProperties } from 'n8n-workflow';
import * as redraw from './redraw.operation';
import * as referenceToImage from './referenceToImage.operation';

export const operations = { referenceToImage, redraw };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['image'] } },
		options: [
			{
				name: 'Redraw',
				value: 'redraw',
				action: 'Redraw part of image',
				description: 'Repaint part of an image from a prompt, optionally inside a mask',
			},
			{
				name: 'Reference to Image',
				value: 'referenceToImage',
				action: 'Generate images from reference image',
				description: 'Make up to 4 new images that keep the edges, pose, subject or depth of a reference image',
			},
		],
		default: 'referenceToImage',
	},
	...referenceToImage.description,
	...redraw.description,
];
