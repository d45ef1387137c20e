import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import { capabilityIdOption, generationFields, numberField, promptField } from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.textToSoundEffect;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. A heavy wooden door creaks open slowly in an empty stone hall',
		description: 'One sound source, its context and its character',
	}),
	numberField(capability, 'durationSeconds', 'Length of the sound effect in seconds, from 5 to 180'),
	...generationFields('audio', [
		capabilityIdOption(capability),
		numberField(
			capability,
			'soundCount',
			'How many variants to make (1-4); each gets its own URL or file. Sent only when set.',
		),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['audio'], operation: ['textToSoundEffect'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
