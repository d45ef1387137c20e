import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { buildCreateTaskBody } from '../domain/requestBody';
import type { ImageToVideoInput } from '../domain/validate';
import { TomovieeClient } from '../transport/tomovieeApi';
import { attempt, errorItem } from './itemErrors';
import { readCreateInput, readWaitSettings, type WaitSettings } from './readItemParameters';
import { readMaxParallelTasks, submitAndWait } from './waitForTasks';

/**
 * Create and Wait: submit every item's task first, then wait for all of them together, so that a batch takes about
 * as long as its slowest video rather than the sum of all.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const continueOnFail = this.continueOnFail();

	// 1. Read and validate every item before any request: bad input costs no task.
	const requests: Array<{ itemIndex: number; input: ImageToVideoInput; settings: WaitSettings }> = [];
	items.forEach((_, itemIndex) => {
		const read = attempt(this, itemIndex, () => ({
			input: readCreateInput(this, itemIndex),
			settings: readWaitSettings(this, itemIndex),
		}));
		if (read instanceof Error) output[itemIndex] = errorItem(read, itemIndex);
		else requests.push({ itemIndex, ...read });
	});

	// 2. Submit (at most Max Parallel Tasks in flight) and wait for all of them together.
	const client = await TomovieeClient.forExecution(this);
	const settlements = await submitAndWait(
		this,
		client,
		requests.map(({ itemIndex, input, settings }) => ({ itemIndex, body: buildCreateTaskBody(input), settings })),
		{ maxParallel: readMaxParallelTasks(this), stopOnFirstError: !continueOnFail },
	);
	for (const settlement of settlements) {
		output[settlement.itemIndex] =
			'view' in settlement
				? { json: { ...settlement.view }, pairedItem: { item: settlement.itemIndex } }
				: errorItem(settlement.error, settlement.itemIndex);
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
