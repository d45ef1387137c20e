import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import {
	capabilityIdOption,
	generationFields,
	promptField,
	urlField,
	videoSettingsFields,
} from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.firstLastFrameToVideo;

const imageRules = 'a JPG, JPEG, PNG or WEBP image under 200 MB, ideally 720p or more';

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. The bud slowly opens into a full red flower, soft morning light',
		description: 'How the scene moves from the first frame to the last, in English or Chinese',
	}),
	urlField(capability, 'firstFrameUrl', {
		placeholder: 'e.g. https://example.com/frames/start.jpg',
		description: `Public URL of the first frame: ${imageRules}`,
	}),
	urlField(capability, 'lastFrameUrl', {
		placeholder: 'e.g. https://example.com/frames/end.jpg',
		description: `Public URL of the last frame: ${imageRules}`,
	}),
	...videoSettingsFields(capability, "Frame shape of the video; 'Original' keeps the ratio of the frames"),
	...generationFields('video', [capabilityIdOption(capability)]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['video'], operation: ['firstLastFrameToVideo'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
