import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as audio from './actions/audio';
import * as custom from './actions/custom';
import * as image from './actions/image';
import { route } from './actions/router';
import { receiveCallback } from './engine/callbackWait';
import * as task from './actions/task';
import * as video from './actions/video';
import { resumeWebhooks } from './descriptions/resumeWebhook';
import { simplifyOutputFields } from './descriptions/simplifyOutput';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from './transport/credentialTest';
import { subtitleExpression } from './descriptions/subtitle';

const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Audio', value: 'audio', description: 'Music and sound effects from text' },
			{
				name: 'Custom Capability',
				value: 'custom',
				description: 'Any Tomoviee capability by its ID and a JSON body',
			},
			{ name: 'Image', value: 'image', description: 'New images from a reference, or part of an image repainted' },
			{ name: 'Task', value: 'task', description: 'The status and result of any Tomoviee task' },
			{
				name: 'Video',
				value: 'video',
				description: '5-second videos from text, an image, or a first and last frame',
			},
		],
		default: 'video',
	},
	...video.description,
	...audio.description,
	...image.description,
	...task.description,
	...custom.description,
	...simplifyOutputFields,
];

/**
 * Every Tomoviee capability on one credential: video, music, sound effects and images, in n8n's resource/operation
 * pattern. Both nodes run their items on one engine (engine/) and one capability table (domain/capabilities).
 */
export class Tomoviee implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tomoviee',
		name: 'tomoviee',
		icon: { light: 'file:tomovieeNode.svg', dark: 'file:tomovieeNode.dark.svg' },
		group: ['transform'],
		// 1.1: Simplify Output, on by default; version 1 keeps the full output of workflows saved with it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitleExpression(properties),
		description: 'Generate videos, music, sound effects and images with Tomoviee AI (Wondershare)',
		defaults: { name: 'Tomoviee' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tomovieeApi', required: true, testedBy: 'tomovieeApiTest' }],
		// Wait Mode "Callback": Tomoviee's call to the execution's resume URL ($execution.resumeUrl) lands here.
		webhooks: resumeWebhooks,
		properties,
	};

	// The credential's Test button (n8n finds it through testedBy above, spelled out for the linter).
	methods = { credentialTest: { [CREDENTIAL_TEST_NAME]: testTomovieeCredential } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route.call(this);
	}

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveCallback(this);
	}
}
