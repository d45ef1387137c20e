import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import {
	capabilityIdOption,
	generationFields,
	promptField,
	videoSettingsFields,
} from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.textToVideo;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. A red fox runs through fresh snow at dawn, slow motion, low camera',
		description: 'What the video shows, in English or Chinese: subject + action + scene, optionally camera and light',
	}),
	...videoSettingsFields(capability, 'Frame shape of the video'),
	...generationFields('video', [capabilityIdOption(capability)]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['textToVideo'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
