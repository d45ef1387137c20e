import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { DEFAULT_BINARY_PROPERTY, DEFAULT_MAX_DOWNLOAD_MB } from '../parameters/defaults';

/** What Return As says about the result; the fields themselves are the same in both nodes. */
export interface ReturnAsTexts {
	/** The name of the URL choice. */
	url: string;
	urlDescription: string;
	binaryDescription: string;
	description: string;
	/** The hint of 'Put Output File in Field'. */
	fieldHint: string;
	/** What Max File Size limits, e.g. "video". */
	file: string;
}

/**
 * How a finished result leaves the node: its signed URL, or the file itself for upload nodes, with the binary field
 * and the download cap for Binary File. `show` adds conditions of the caller's form (e.g. the Tomoviee node's Mode).
 */
export function returnAsFields(texts: ReturnAsTexts, show?: NonNullable<IDisplayOptions['show']>): INodeProperties[] {
	return [
		{
			displayName: 'Return As',
			name: 'returnAs',
			type: 'options',
			options: [
				{ name: texts.url, value: 'url', description: texts.urlDescription },
				{ name: 'Binary File', value: 'binary', description: texts.binaryDescription },
			],
			default: 'url',
			description: texts.description,
			...(show ? { displayOptions: { show } } : {}),
		},
		{
			displayName: 'Put Output File in Field',
			name: 'binaryPropertyName',
			type: 'string',
			required: true,
			default: DEFAULT_BINARY_PROPERTY,
			hint: texts.fieldHint,
			displayOptions: { show: { ...show, returnAs: ['binary'] } },
		},
		{
			displayName: 'Max File Size (MB)',
			name: 'maxFileSizeMb',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 0 },
			default: DEFAULT_MAX_DOWNLOAD_MB,
			description: `Largest ${texts.file} to download. A bigger file stops the download with an error naming the task, so that a wrong URL cannot fill the disk.`,
			displayOptions: { show: { ...show, returnAs: ['binary'] } },
		},
	];
}

/** Return As of the Tomoviee Image to Video node (Get Status, Create and Wait): one video per task. */
export const videoReturnFields = returnAsFields({
	url: 'Video URL',
	urlDescription: "Output the video URL; it expires about 48 hours after the video's creation",
	binaryDescription:
		'Download the video into the item as a file, for nodes that take a file (S3, Google Drive, YouTube, TikTok)',
	description: 'Whether to output the video as a URL or as a downloaded file',
	fieldHint: 'Name of the output field to put the video file in',
	file: 'video',
});
