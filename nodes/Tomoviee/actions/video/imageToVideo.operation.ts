import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import { capabilityIdOption, generationFields } from '../../descriptions/capabilityFields';
import { videoRequestFields } from '../../descriptions/videoRequestFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.imageToVideo;

// The same prompt, image and video fields as the Tomoviee Image to Video node's Create.
export const description = updateDisplayOptions({ show: { resource: ['video'], operation: ['imageToVideo'] } }, [
	...videoRequestFields,
	...generationFields('video', [capabilityIdOption(capability)]),
]);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
