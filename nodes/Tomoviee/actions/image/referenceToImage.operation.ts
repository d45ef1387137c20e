import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES, CONTROL_TYPES } from '../../domain/capabilities';
import {
	capabilityIdOption,
	choiceField,
	generationFields,
	numberField,
	promptField,
	urlField,
} from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.referenceToImage;

const CONTROL_TYPE_HINTS: Record<string, string> = {
	'0': 'Keep the outlines (edges) of the reference',
	'1': 'Keep the pose of the people in the reference',
	'2': 'Keep the subject of the reference',
	'3': 'Keep the depth layout of the reference',
};

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. The same cat, now as a watercolor painting on a sunny windowsill',
		description: 'What to keep from the reference image and what to change',
	}),
	urlField(capability, 'referenceImageUrl', {
		placeholder: 'e.g. https://example.com/photos/cat.png',
		description: 'Public URL of the reference image: JPG, JPEG, PNG or WEBP',
	}),
	choiceField(
		capability,
		'controlType',
		CONTROL_TYPES.map(({ value, name }) => ({ name, value, description: CONTROL_TYPE_HINTS[value] })),
		'What the new image takes from the reference',
	),
	numberField(capability, 'imageCount', 'How many images to make (1-4); each gets its own URL or file'),
	numberField(capability, 'width', 'Width of the images in pixels (512-2048)'),
	numberField(capability, 'height', 'Height of the images in pixels (512-2048)'),
	numberField(
		capability,
		'controlIntensity',
		'How strongly the reference steers the images, from 0 (loosely) to 1 (closely)',
	),
	...generationFields('image', [
		capabilityIdOption(capability),
		urlField(capability, 'initImageUrl', {
			placeholder: 'e.g. https://example.com/photos/start.png',
			description:
				"Image to start from. With 'Control Type' set to 'Subject' one is needed: without it the reference image is used.",
		}),
	]),
];

export const description = updateDisplayOptions(
	{ show: { resource: ['image'], operation: ['referenceToImage'] } },
	properties,
);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
