import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { CAPABILITIES } from '../../domain/capabilities';
import { capabilityIdOption, generationFields, promptField, urlField } from '../../descriptions/capabilityFields';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

export const capability = CAPABILITIES.redraw;

const properties: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. Replace the sky with a starry night, matching the lighting of the street',
		description: 'Where to paint, what to paint there, in which style, and how it blends in',
	}),
	urlField(capability, 'imageUrl', {
		placeholder: 'e.g. https://example.com/photos/street.jpg',
		description: 'Public URL of the image to repaint: JPG or PNG, each side between 512 and 2048 px',
	}),
	urlField(capability, 'maskUrl', {
		placeholder: 'e.g. https://example.com/photos/street-mask.png',
		description:
			'Optional mask of the same size: white is repainted, black is kept. Without it Tomoviee chooses from the prompt.',
	}),
	...generationFields('image', [capabilityIdOption(capability)]),
];

export const description = updateDisplayOptions({ show: { resource: ['image'], operation: ['redraw'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { capability });
	return await runTasks(this, requests, mode);
}
