import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import { capabilityIdOption, generationFields } from '../../descriptions/studioFields';
import { videoRequestFields } from '../../descriptions/videoRequestFields';
import { runCapability } from '../runCapability';

export const capability = CAPABILITIES.imageToVideo;

// The same prompt, image and video fields as the Tomoviee Image to Video node's Create.
export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['imageToVideo'] } }, [
	...videoRequestFields,
	...generationFields('video', [capabilityIdOption(capability)]),
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	return await runCapability.call(this, items, { capability });
}
