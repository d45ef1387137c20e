/** Set-up for the Tomoviee node's integration tests: the built node run through n8n-core against the fake. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeTomoviee } from '../../fake-tomoviee';
import { runNodeWorkflow, type NodeRunOptions, type NodeRunResult, type TestItem } from '../../harness';
import { credentialsFor } from '../support';

export const NODE_TYPE = 'tomoviee';
export const IMAGE = 'https://images.example.com/photos/fox.jpg';
export const IMAGE_END = 'https://images.example.com/photos/fox-end.png';

export interface StudioRunSpec {
	parameters: INodeParameters;
	items?: TestItem[];
	continueOnFail?: boolean;
	credentials?: IDataObject;
	extra?: Partial<Omit<NodeRunOptions, 'node'>>;
}

export async function runStudio(fake: FakeTomoviee, spec: StudioRunSpec): Promise<NodeRunResult> {
	return await runNodeWorkflow({
		node: { type: NODE_TYPE, parameters: spec.parameters, continueOnFail: spec.continueOnFail },
		items: spec.items ?? [{}],
		credentials: credentialsFor(fake, spec.credentials),
		...spec.extra,
	});
}

/** Each generation operation: its resource, the least a user fills in, and what the fake must receive. */
export interface OperationCase {
	resource: string;
	operation: string;
	capability: string;
	kind: 'video' | 'audio' | 'image';
	fields: INodeParameters;
	body: IDataObject;
}

export const OPERATIONS: OperationCase[] = [
	{
		resource: 'video',
		operation: 'textToVideo',
		capability: 'tm_text2video_b',
		kind: 'video',
		fields: { prompt: 'a red fox runs through snow' },
		body: { prompt: 'a red fox runs through snow', resolution: '720p', duration: 5, aspect_ratio: '16:9' },
	},
	{
		resource: 'video',
		operation: 'imageToVideo',
		capability: 'tm_img2video_b',
		kind: 'video',
		fields: { prompt: 'the fox turns its head', imageUrl: IMAGE },
		body: { prompt: 'the fox turns its head', image: IMAGE, resolution: '720p', duration: 5, aspect_ratio: 'original' },
	},
	{
		resource: 'video',
		operation: 'firstLastFrameToVideo',
		capability: 'tm_tail2video_b',
		kind: 'video',
		fields: { prompt: 'the fox turns around', firstFrameUrl: IMAGE, lastFrameUrl: IMAGE_END },
		body: { prompt: 'the fox turns around', image: IMAGE, image_tail: IMAGE_END, resolution: '720p', duration: 5, aspect_ratio: '16:9' },
	},
	{
		resource: 'audio',
		operation: 'textToMusic',
		capability: 'tm_text2music',
		kind: 'audio',
		fields: { prompt: 'calm lo-fi piano' },
		body: { prompt: 'calm lo-fi piano', duration: 30, qty: 1 },
	},
	{
		resource: 'audio',
		operation: 'textToSoundEffect',
		capability: 'tm_text2sfx',
		kind: 'audio',
		fields: { prompt: 'a door creaks open' },
		body: { prompt: 'a door creaks open', duration: 10 },
	},
	{
		resource: 'image',
		operation: 'referenceToImage',
		capability: 'tm_reference_img2img',
		kind: 'image',
		fields: { prompt: 'the same fox as a watercolor', referenceImageUrl: IMAGE },
		body: {
			prompt: 'the same fox as a watercolor',
			reference_image: IMAGE,
			control_type: '2',
			width: 1024,
			height: 1024,
			batch_size: 1,
			control_intensity: 0.5,
			init_image: IMAGE,
		},
	},
	{
		resource: 'image',
		operation: 'redraw',
		capability: 'tm_redrawing',
		kind: 'image',
		fields: { prompt: 'a starry sky', imageUrl: IMAGE },
		body: { prompt: 'a starry sky', init_image: IMAGE },
	},
];

/** Parameters of a generation: Create and Wait polling every second unless overridden. */
export function generation(operation: OperationCase, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: operation.resource,
		operation: operation.operation,
		...operation.fields,
		options: { pollIntervalSeconds: 1 },
		...overrides,
	};
}

export function operationCase(name: string): OperationCase {
	const found = OPERATIONS.find((candidate) => candidate.operation === name);
	if (!found) throw new Error(`no operation ${name}`);
	return found;
}
