import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { ADDITIONAL_BODY_FIELDS } from '../domain/requestBody';
import { PARAMS_LABEL } from '../domain/validate';

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

/** Merged last into the create body (domain/requestBody), in every create of both nodes. */
const additionalBodyFieldsOption: INodeProperties = {
	displayName: ADDITIONAL_BODY_FIELDS,
	name: 'additionalBodyFields',
	type: 'json',
	default: '{}',
	description:
		'Fields to add to the request body as a JSON object, e.g. {"reference_image": "https://example.com/a.png"}. They are merged last, so a field of the same name replaces the one the node sets: use it for API fields the node has no parameter for.',
};

/** What the three waiting settings say: the words differ between the nodes, the settings do not. */
export interface WaitingOptionTexts {
	maxParallelTasks: string;
	maxWaitMinutes: string;
	pollIntervalSeconds: string;
}

/**
 * The Options collection of an operation that creates a task: Callback URL and Custom Data (`params`) always; Max Parallel Tasks,
 * Max Wait and Poll Interval when the operation waits (`waiting`, whose `show` says when, if not always); `extra` adds
 * an operation's own options. Sorted by name, as n8n's collections are.
 */
export function taskOptionsCollection(
	waiting?: { texts: WaitingOptionTexts; show?: NonNullable<IDisplayOptions['show']> },
	extra: INodeProperties[] = [],
): INodeProperties {
	const onlyWhenWaiting = waiting?.show ? { displayOptions: { show: waiting.show } } : {};
	const waitingOptions: INodeProperties[] = waiting
		? [
				{
					displayName: 'Max Parallel Tasks',
					name: 'maxParallelTasks',
					type: 'number',
					typeOptions: { minValue: 1, maxValue: MAX_PARALLEL_TASKS_LIMIT, numberPrecision: 0 },
					default: DEFAULT_MAX_PARALLEL_TASKS,
					description: waiting.texts.maxParallelTasks,
					...onlyWhenWaiting,
				},
				{
					displayName: 'Max Wait (Minutes)',
					name: 'maxWaitMinutes',
					type: 'number',
					typeOptions: { minValue: 0.01, maxValue: MAX_WAIT_MINUTES_LIMIT, numberPrecision: 2 },
					default: DEFAULT_MAX_WAIT_MINUTES,
					description: waiting.texts.maxWaitMinutes,
					...onlyWhenWaiting,
				},
				{
					displayName: 'Poll Interval (Seconds)',
					name: 'pollIntervalSeconds',
					type: 'number',
					typeOptions: { minValue: MIN_POLL_INTERVAL_SECONDS, numberPrecision: 1 },
					default: DEFAULT_POLL_INTERVAL_SECONDS,
					description: waiting.texts.pollIntervalSeconds,
					...onlyWhenWaiting,
				},
			]
		: [];
	const always: INodeProperties[] = [
		additionalBodyFieldsOption,
		{
			displayName: 'Callback URL',
			name: 'callbackUrl',
			type: 'string',
			default: '',
			placeholder: 'e.g. https://n8n.example.com/webhook/tomoviee-done',
			description: 'URL that Tomoviee calls when the task ends, e.g. the URL of a Webhook node',
		},
		{
			displayName: PARAMS_LABEL,
			name: 'params',
			type: 'string',
			default: '',
			description:
				'Any text to attach to the task, e.g. your own record ID. Tomoviee returns it unchanged with the task and the callback.',
		},
	];
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...always, ...waitingOptions, ...extra].sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}
