import type { INodeProperties } from 'n8n-workflow';

export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
export const DEFAULT_MAX_WAIT_MINUTES = 10;

const waitingOnly = { show: { '/operation': ['createAndWait'] } };

/** Less common settings, one collection so the main form stays short. */
export const optionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: { show: { operation: ['create', 'createAndWait'] } },
	options: [
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/tomoviee-done',
			description: 'URL that Tomoviee calls when the task ends, e.g. the URL of a Webhook node',
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0.01, numberPrecision: 2 },
			default: DEFAULT_MAX_WAIT_MINUTES,
			description:
				'How long to wait for each video, counted from its creation. When it passes, the item fails with its task ID so you can pick the task up later with Get Status.',
			displayOptions: waitingOnly,
		},
		{
			displayName: 'Params',
			name: 'params',
			type: 'string',
			default: '',
			description:
				'Any text to attach to the task, e.g. your own record ID. Tomoviee returns it unchanged with the task and the callback.',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollIntervalSeconds',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description: 'The longest gap between two status checks of a task while waiting',
			displayOptions: waitingOnly,
		},
	],
};
