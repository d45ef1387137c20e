import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import {
	aspectRatioField,
	cameraMoveField,
	capabilityIdOption,
	generationFields,
	promptField,
	resolutionField,
	videoDurationNotice,
} from '../../descriptions/studioFields';
import { runCapability } from '../runCapability';

export const capability = CAPABILITIES.textToVideo;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. A red fox runs through fresh snow at dawn, slow motion, low camera',
		description: 'What the video shows, in English or Chinese: subject + action + scene, optionally camera and light',
	}),
	videoDurationNotice,
	resolutionField(capability),
	aspectRatioField(capability, 'Frame shape of the video'),
	cameraMoveField(capability),
	...generationFields('video', [capabilityIdOption(capability)]),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['textToVideo'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCapability.call(this, items, { capability });
}
