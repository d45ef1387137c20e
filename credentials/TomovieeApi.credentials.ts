import type { IAuthenticateGeneric, Icon, ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Tomoviee authenticates every request with the app key and secret: HTTP Basic auth (n8n builds the
 * `Authorization: Basic base64(key:secret)` header from `auth`) plus an `X-App-Key` header.
 */
export class TomovieeApi implements ICredentialType {
	name = 'tomovieeApi';

	displayName = 'Tomoviee API';

	// The Tomoviee mark, not the camera: one credential serves every capability, not only video.
	icon: Icon = {
		light: 'file:../nodes/Tomoviee/tomovieeNode.svg',
		dark: 'file:../nodes/Tomoviee/tomovieeNode.dark.svg',
	};

	// A full URL: a community package documents itself (n8n's own credentials use a slug of n8n's docs).
	documentationUrl = 'https://github.com/n8n-nodes-tomoviee/n8n-nodes-tomoviee#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'App Key',
			name: 'appKey',
			// An identifier sent in clear in X-App-Key on every request; only the secret is masked.
			type: 'string',
			required: true,
			default: '',
			description: 'The app key of your Tomoviee app (Tomoviee developer console, tomoviee.ai or tomoviee.cn)',
		},
		{
			displayName: 'App Secret',
			name: 'appSecret',
			type: 'string',
			typeOptions: { password: true },
			required: true,
			default: '',
			description: 'The app secret shown next to the app key',
		},
		{
			displayName: 'Gateway',
			name: 'gateway',
			type: 'options',
			options: [
				{
					name: 'Default',
					value: 'https://openapi.wondershare.cc',
					description: 'The address openapi.wondershare.cc, used by most apps',
				},
				{
					name: 'Alternative',
					value: 'https://open-api.wondershare.cc',
					description: "The address open-api.wondershare.cc, used in Tomoviee's own examples",
				},
				{ name: 'Custom', value: 'custom', description: 'Another address, e.g. a proxy or a local test server' },
			],
			default: 'https://openapi.wondershare.cc',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. http://127.0.0.1:3789',
			description: 'Address to use instead of the Tomoviee API, without a path at the end',
			displayOptions: { show: { gateway: ['custom'] } },
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			auth: {
				username: '={{$credentials.appKey}}',
				password: '={{$credentials.appSecret}}',
			},
			headers: {
				'X-App-Key': '={{$credentials.appKey}}',
			},
		},
	};

	// No declarative `test`: n8n would prefer it to the nodes' testedBy function (transport/credentialTest.ts), and a
	// declarative test fails on any non-2xx answer, which a good key may get for an unknown task.
}
