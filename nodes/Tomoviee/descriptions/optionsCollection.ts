import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';
import { ADDITIONAL_BODY_FIELDS } from '../domain/requestBody';
import { PARAMS_LABEL } from '../domain/validate';
import {
	DEFAULT_MAX_PARALLEL_TASKS,
	DEFAULT_MAX_WAIT_MINUTES,
	DEFAULT_POLL_INTERVAL_SECONDS,
	MAX_PARALLEL_TASKS_LIMIT,
	MAX_WAIT_MINUTES_LIMIT,
	MIN_POLL_INTERVAL_SECONDS,
} from '../parameters/defaults';

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
 * The Options collection of an operation that creates a task: Callback URL and Custom Data (`params`) always; Max
 * Wait and Poll Interval when the operation waits (`waiting`, whose `show` says when, if not always), Max Parallel
 * Tasks when it waits by polling; `extra` adds an operation's own options. Sorted by name, as n8n's collections are.
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
					// Callback mode creates every task before the execution waits: n8n resumes it once, when all have
					// ended, so no second wave can start (engine/taskBatch).
					// (hide, not show: a saved node leaves Wait Mode out while it has its default, Poll)
					displayOptions: { ...onlyWhenWaiting.displayOptions, hide: { '/waitMode': ['callback'] } },
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
