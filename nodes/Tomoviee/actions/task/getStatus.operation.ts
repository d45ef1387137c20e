import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { resultSpecForTask } from '../../domain/capabilityResult';
import { returnFields } from '../../descriptions/studioFields';
import { cancelSignalOf, TomovieeClient } from '../../transport/tomovieeApi';
import { capabilityOutputItem, capabilityReader } from '../capabilityOutput';
import { asNodeError, errorItem } from '../itemErrors';
import { readTaskId } from '../readItemParameters';
import { taskViewOrError } from '../taskOutcome';
import { readReturnSettings } from '../videoDownload';

const properties: INodeProperties[] = [
	{
		displayName: 'Task ID',
		name: 'taskId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. tm_text2music-0-2025080109295bd73652d4',
		description: 'ID of any Tomoviee task, e.g. the taskId output of an operation in Mode "Create"',
	},
	...returnFields('file'),
];

export const description = updateDisplayOptions({ show: { resource: ['task'], operation: ['getStatus'] } }, properties);

/** Get Status: the task's current state; once it succeeded, the URLs (or files) of its result, named for their kind. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = await TomovieeClient.forExecution(this);
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			const taskId = readTaskId(this, itemIndex);
			// The task id names the capability that made it, and so the kind of its result.
			const spec = resultSpecForTask(taskId);
			const task = await client.queryTask(taskId, itemIndex);
			const view = taskViewOrError(this.getNode(), task, { itemIndex, taskId }, capabilityReader(spec));
			output.push(await capabilityOutputItem(this, view, spec, itemIndex, readReturnSettings(this, itemIndex), cancelSignalOf(this)));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this.getNode(), error, itemIndex);
			output.push(errorItem(error, itemIndex));
		}
	}
	return output;
}
