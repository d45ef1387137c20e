import type { INodeProperties } from 'n8n-workflow';
import * as textToMusic from './textToMusic.operation';
import * as textToSoundEffect from './textToSoundEffect.operation';

export const operations = { textToMusic, textToSoundEffect };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['audio'] } },
		options: [
			{
				name: 'Text to Music',
				value: 'textToMusic',
				action: 'Generate music from text',
				description: 'Compose up to 4 music tracks of up to 95 seconds from a text prompt',
			},
			{
				name: 'Text to Sound Effect',
				value: 'textToSoundEffect',
				action: 'Generate sound effect from text',
				description: 'Make a sound effect of 5 to 180 seconds from a text prompt',
			},
		],
		default: 'textToMusic',
	},
	...textToMusic.description,
	...textToSoundEffect.description,
];
