import type { INodeProperties } from 'n8n-workflow';

/**
 * Only the longest gap: the adaptive schedule queries sooner whenever a video is due, so a long ceiling costs no
 * detection delay and spares requests while a 1-5 minute generation is far from done.
 */
export const DEFAULT_POLL_INTERVAL_SECONDS = 60;
export const DEFAULT_MAX_WAIT_MINUTES = 10;
/** Polling faster than once a second only adds requests: no answer changes that fast. */
export const MIN_POLL_INTERVAL_SECONDS = 1;
/** 48 hours: a finished video's signed URL expires about then, so waiting longer can never deliver it. */
export const MAX_WAIT_MINUTES_LIMIT = 48 * 60;
/** More tasks at once than any plan is likely to run; beyond it, items would only wait in Tomoviee's queue. */
export const MAX_PARALLEL_TASKS_LIMIT = 100;
/** Largest video Return As Binary File downloads by default (1 GB); a 5-second video is far smaller. */
export const DEFAULT_MAX_DOWNLOAD_MB = 1024;
/**
 * Tomoviee does not publish its limit on tasks at once. Beyond the account's limit, tasks wait in Tomoviee's queue or
 * creates are refused as rate limited, and the node then waits for one of its own tasks to finish before it submits
 * the next: so a limit that is too high costs nothing, and 20 lets a typical batch run side by side.
 */
export const DEFAULT_MAX_PARALLEL_TASKS = 20;

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
			displayName: 'Max Parallel Tasks',
			name: 'maxParallelTasks',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_TASKS_LIMIT, numberPrecision: 0 },
			default: DEFAULT_MAX_PARALLEL_TASKS,
			description:
				'How many videos may be generating at once for this node. More items wait and are submitted as earlier videos finish. Lower it if your Tomoviee plan allows fewer tasks at once.',
			displayOptions: waitingOnly,
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0.01, maxValue: MAX_WAIT_MINUTES_LIMIT, numberPrecision: 2 },
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
			typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS, numberPrecision: 1 },
			default: DEFAULT_POLL_INTERVAL_SECONDS,
			description:
				'The longest gap between two status checks of a task while waiting. The node checks sooner when a video is due, using the progress and wait time Tomoviee reports.',
			displayOptions: waitingOnly,
		},
	],
};
