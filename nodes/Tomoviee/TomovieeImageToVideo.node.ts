import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';
import * as create from './actions/create.operation';
import * as createAndWait from './actions/createAndWait.operation';
import * as getStatus from './actions/getStatus.operation';
import { route } from './actions/router';
import { receiveCallback } from './actions/callbackWait';
import { resumeWebhooks } from './descriptions/resumeWebhook';
import { simplifyOutputFields } from './descriptions/simplifyOutput';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from './transport/credentialTest';

export class TomovieeImageToVideo implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Tomoviee Image to Video',
		name: 'tomovieeImageToVideo',
		icon: { light: 'file:tomoviee.svg', dark: 'file:tomoviee.dark.svg' },
		group: ['transform'],
		// 1.1: Simplify Output, on by default; version 1 keeps the full output of workflows saved with it.
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle:
			'={{ {"create": "Create Video Task", "getStatus": "Get Task Status", "createAndWait": "Create Video and Wait"}[$parameter["operation"]] }}',
		description: 'Turn a still image and a prompt into a 5-second AI video with Tomoviee',
		defaults: { name: 'Tomoviee Image to Video' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tomovieeApi', required: true, testedBy: 'tomovieeApiTest' }],
		// Wait Mode "Callback": Tomoviee's call to the execution's resume URL ($execution.resumeUrl) lands here.
		webhooks: resumeWebhooks,
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Create',
						value: 'create',
						action: 'Create a video task',
						description: 'Submit an image and a prompt; output the task ID at once',
					},
					{
						name: 'Create and Wait',
						value: 'createAndWait',
						action: 'Create a video and wait for it',
						description: 'Submit, wait until the video is ready, output its URL',
					},
					{
						name: 'Get Status',
						value: 'getStatus',
						action: 'Get the status of a video task',
						description: 'Read the state of a task, with the video URL once it is ready',
					},
				],
				default: 'createAndWait',
			},
			...create.description,
			...createAndWait.description,
			...getStatus.description,
			...simplifyOutputFields,
		],
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
