import type { INodeProperties } from 'n8n-workflow';
import { DEFAULT_MAX_DOWNLOAD_MB } from './optionsCollection';

export const DEFAULT_BINARY_PROPERTY = 'data';

/** How a finished video leaves the node: its signed URL, or the file itself for upload nodes (Get Status, Create and Wait). */
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
	},
	{
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: DEFAULT_BINARY_PROPERTY,
		hint: 'The name of the output binary field to put the video file in',
		displayOptions: { show: { returnAs: ['binary'] } },
	},
	{
		displayName: 'Max File Size (MB)',
		name: 'maxFileSizeMb',
		type: 'number',
		typeOptions: { minValue: 1, numberPrecision: 0 },
		default: DEFAULT_MAX_DOWNLOAD_MB,
		description:
			'Largest video to download. A bigger file stops the download with an error naming the task, so that a wrong URL cannot fill the disk.',
		displayOptions: { show: { returnAs: ['binary'] } },
	},
];
