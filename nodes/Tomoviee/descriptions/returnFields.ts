import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_DOWNLOAD_MB } from './optionsCollection';

export const DEFAULT_BINARY_PROPERTY = 'data';

/** How a finished video leaves the node: its signed URL, or the file itself for upload nodes. */
export const returnFields: INodeProperties[] = [
	{
		displayName: 'Return As',
		name: 'returnAs',
		type: 'options',
		options: [
			{
				name: 'Video URL',
				value: 'url',
				description: "Output the signed video URL; it expires about 48 hours after the video's creation",
			},
			{
				name: 'Binary File',
				value: 'binary',
				description:
					'Download the video into the item as a file, for nodes that take a file (S3, Google Drive, YouTube, TikTok)',
			},
		],
		default: 'url',
		description: 'Whether to output the video as a URL or as a downloaded file',
		displayOptions: { show: { operation: ['getStatus', 'createAndWait'] } },
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: DEFAULT_BINARY_PROPERTY,
		hint: 'The name of the output binary field to put the video file in',
		displayOptions: { show: { operation: ['getStatus', 'createAndWait'], returnAs: ['binary'] } },
	},
	{
		displayName: 'Max File Size (MB)',
		name: 'maxFileSizeMb',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_MAX_DOWNLOAD_MB,
		description:
			'Largest video to download. A bigger file stops the download with an error naming the task, so that a wrong URL cannot fill the disk.',
		displayOptions: { show: { operation: ['getStatus', 'createAndWait'], returnAs: ['binary'] } },
	},
];

/** How Create and Wait waits: asking Tomoviee again and again, or sleeping until Tomoviee calls back. */
export const waitModeField: INodeProperties = {
	displayName: 'Wait Mode',
	name: 'waitMode',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Poll',
			value: 'poll',
			description: 'Ask Tomoviee for the status until the video is ready. Works everywhere.',
		},
		{
			name: 'Callback',
			value: 'callback',
			description:
				'Pause the execution and resume when Tomoviee calls n8n back. Needs an n8n that Tomoviee can reach from the internet.',
		},
	],
	default: 'poll',
	description: 'How to wait for the video',
	displayOptions: { show: { operation: ['createAndWait'] } },
};

export const callbackModeNotice: INodeProperties = {
	displayName:
		"Callback mode gives Tomoviee this execution's resume URL ($execution.resumeUrl). n8n must be reachable from the internet at its webhook URL (WEBHOOK_URL); otherwise the execution resumes only when Max Wait passes.",
	name: 'callbackModeNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { operation: ['createAndWait'], waitMode: ['callback'] } },
};
