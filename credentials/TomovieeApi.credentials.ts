import type {
	IAuthenticateGeneric,
	Icon,
	ICredentialTestRequest,
	ICredentialType,
	INodeProperties,
} from 'n8n-workflow';

/**
 * Tomoviee authenticates every request with the app key and secret: HTTP Basic auth (n8n builds the
 * `Authorization: Basic base64(key:secret)` header from `auth`) plus an `X-App-Key` header.
 */
export class TomovieeApi implements ICredentialType {
	name = 'tomovieeApi';

	displayName = 'Tomoviee API';

	// The Tomoviee mark, not the camera: one credential serves every capability, not only video.
	icon: Icon = {
		light: 'file:../nodes/Tomoviee/tomovieeStudio.svg',
		dark: 'file:../nodes/Tomoviee/tomovieeStudio.dark.svg',
	};

	// A full URL: community packages document themselves, the rule expects a slug of n8n's own docs.
	// eslint-disable-next-line n8n-nodes-base/cred-class-field-documentation-url-miscased
	documentationUrl = 'https://github.com/n8n-nodes-tomoviee/n8n-nodes-tomoviee#credential';

	properties: INodeProperties[] = [
		{
			displayName: 'App Key',
			name: 'appKey',
			// An identifier sent in clear in X-App-Key on every request; only the secret is masked.
			// eslint-disable-next-line n8n-nodes-base/cred-class-field-type-options-password-missing
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

	// Querying a task that cannot exist is free: a good key gets a task error, a bad one gets 140013
	// (on HTTP 200, or as a 401/403 that n8n reports as an authorization failure).
	test: ICredentialTestRequest = {
		request: {
			baseURL:
				'={{$credentials.gateway === "custom" ? $credentials.baseUrl.replace(/\\/+$/, "") : $credentials.gateway}}',
			url: '/v1/open/pub/task',
			method: 'POST',
			body: { task_id: 'n8n-credential-test' },
			json: true,
			// A gateway that redirects must not receive the key and secret again at another host.
			disableFollowRedirect: true,
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'code',
					value: 140013,
					message:
						'Tomoviee rejected the app key or app secret (code 140013): copy both again from the Tomoviee developer console',
				},
			},
		],
	};
}
