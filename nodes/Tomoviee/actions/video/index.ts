import type { INodeProperties } from 'n8n-workflow';
import * as firstLastFrameToVideo from './firstLastFrameToVideo.operation';
import * as imageToVideo from './imageToVideo.operation';
import * as textToVideo from './textToVideo.operation';

export const operations = { textToVideo, imageToVideo, firstLastFrameToVideo };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['video'] } },
		options: [
			{
				name: 'First and Last Frame to Video',
				value: 'firstLastFrameToVideo',
				action: 'Generate video between first and last frame',
				description: 'Make a 5-second video that moves from one image to another, guided by a prompt',
			},
			{
				name: 'Image to Video',
				value: 'imageToVideo',
				action: 'Generate video from image',
				description: 'Animate a still image into a 5-second video, guided by a prompt',
			},
			{
				name: 'Text to Video',
				value: 'textToVideo',
				action: 'Generate video from text',
				description: 'Make a 5-second video from a text prompt',
			},
		],
		default: 'textToVideo',
	},
	...textToVideo.description,
	...imageToVideo.description,
	...firstLastFrameToVideo.description,
];
