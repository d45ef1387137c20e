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
import { receiveCallback } from './engine/callbackWait';
import * as create from './imageToVideo/create.operation';
import * as createAndWait from './imageToVideo/createAndWait.operation';
import * as getStatus from './imageToVideo/getStatus.operation';
import { route } from './imageToVideo/router';
import { resumeWebhooks } from './descriptions/resumeWebhook';
import { simplifyOutputFields } from './descriptions/simplifyOutput';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from './transport/credentialTest';
import { subtitleExpression } from './descriptions/subtitle';

const properties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create Video',
				value: 'create',
				action: 'Create video task from image',
				description: 'Submit an image and a prompt; output the task ID at once, without waiting for the video',
			},
			{
				name: 'Create Video and Wait',
				value: 'createAndWait',
				action: 'Create video from image and wait for it',
				description: 'Submit an image and a prompt, wait until the video is ready, output its URL or file',
			},
			{
				name: 'Get Video Status',
				value: 'getStatus',
				action: 'Get video task status',
				description: 'Read the state of a video task, with the video URL once it is ready',
			},
		],
		default: 'createAndWait',
	},
	...create.description,
	...createAndWait.description,
	...getStatus.description,
	...simplifyOutputFields,
];

export class TomovieeImageToVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tomoviee Image to Video',
		name: 'tomovieeImageToVideo',
		icon: { light: 'file:tomoviee.svg', dark: 'file:tomoviee.dark.svg' },
		group: ['transform'],
		// 1.1: Simplify Output, on by default; version 1 keeps the full output of workflows saved with it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: subtitleExpression(properties),
		description: 'Turn a still image and a prompt into a 5-second AI video with Tomoviee',
		defaults: { name: 'Tomoviee Image to Video' },
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
