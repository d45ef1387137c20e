import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { generationFields } from '../../descriptions/capabilityFields';
import { PARAMS_LABEL } from '../../domain/validate';
import { runTasks } from '../../engine/run';
import { readTaskRun } from '../../parameters/taskRequest';

const properties: INodeProperties[] = [
	{
		displayName:
			'For capabilities the node has no operation for yet (text to speech, video continuation, background music for a video, image recognition): the body is sent as written, and every file URL in the result is output',
		name: 'customNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Capability ID',
		name: 'capabilityId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_text2speech',
		description: 'The capability ID its Tomoviee API page gives, e.g. tm_text2speech for text to speech',
	},
	{
		displayName: 'Body (JSON)',
		name: 'body',
		type: 'json',
		required: true,
		default: '{\n  "prompt": ""\n}',
		description: `The capability's fields as a JSON object, as its Tomoviee API page lists them. 'Callback URL' and '${PARAMS_LABEL}' can also be set under 'Options'.`,
	},
	...generationFields('file', []),
];

export const description = updateDisplayOptions({ show: { resource: ['custom'], operation: ['run'] } }, properties);

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, { custom: true });
	return await runTasks(this, requests, mode);
}
