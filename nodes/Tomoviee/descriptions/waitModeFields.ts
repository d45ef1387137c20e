import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

/**
 * How a waiting operation waits: asking Tomoviee again and again (Poll), or sleeping until Tomoviee calls back
 * (Callback), with the notice on what Callback needs. `result` names what is waited for ("video", "audio file");
 * `show` adds conditions of the caller's form (e.g. the Tomoviee node's Mode).
 */
export function waitModeFields(
	result: string,
	description: string,
	show?: NonNullable<IDisplayOptions['show']>,
): INodeProperties[] {
	return [
		{
			displayName: 'Wait Mode',
			name: 'waitMode',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'Poll',
					value: 'poll',
					description: `Ask Tomoviee for the status until the ${result} is ready. Works everywhere.`,
				},
				{
					name: 'Callback',
					value: 'callback',
					description:
						'Pause the execution and resume when Tomoviee calls n8n back. Needs an n8n that Tomoviee can reach from the internet.',
				},
			],
			default: 'poll',
			description,
			...(show ? { displayOptions: { show } } : {}),
		},
		{
			displayName:
				"With 'Callback', Tomoviee calls this execution back when the task ends, so n8n must be reachable from the internet at its public webhook address (n8n's WEBHOOK_URL setting); otherwise the execution resumes only when 'Max Wait (Minutes)' passes",
			name: 'callbackModeNotice',
			type: 'notice',
			default: '',
			displayOptions: { show: { ...show, waitMode: ['callback'] } },
		},
	];
}
