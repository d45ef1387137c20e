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
	urlField,
	videoDurationNotice,
} from '../../descriptions/studioFields';
import { runCapability } from '../runCapability';

export const capability = CAPABILITIES.imageToVideo;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. A red fox turns its head toward the camera, snow falls slowly behind it',
		description: 'How the scene should move, in English or Chinese. Works best as "subject + motion, background + motion".',
	}),
	urlField(capability, 'imageUrl', {
		placeholder: 'e.g. https://example.com/photos/fox.jpg',
		description: 'Public http(s) URL of the first frame: a JPG, JPEG, PNG or WEBP image under 200 MB, ideally with a short side over 720 px',
	}),
	videoDurationNotice,
	resolutionField(capability),
	aspectRatioField(capability, 'Frame shape of the video; Original keeps the ratio of the input image'),
	cameraMoveField(capability),
	...generationFields('video', [capabilityIdOption(capability)]),
];

export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['imageToVideo'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCapability.call(this, items, { capability });
}
