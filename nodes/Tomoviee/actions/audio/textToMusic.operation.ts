import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import {
	booleanField,
	capabilityIdOption,
	generationFields,
	numberField,
	promptField,
} from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.textToMusic;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. Calm lo-fi piano with soft rain, slow tempo, warm and relaxing',
		description:
			'Genre, mood, instruments and tempo of the music. Keep it short: Tomoviee reads only the first 50 words or so and ignores the rest.',
	}),
	numberField(capability, 'durationSeconds', 'Length of each track in seconds, from 1 to 95'),
	numberField(
		capability,
		'trackCount',
		'How many different tracks to make from the prompt (1-4); each gets its own URL or file',
	),
	...generationFields('audio', [
		capabilityIdOption(capability),
		booleanField(
			capability,
			'disableTranslation',
			'Whether to send the prompt as written instead of letting Tomoviee translate it',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['audio'], operation: ['textToMusic'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
