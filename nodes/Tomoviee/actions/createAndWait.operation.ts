import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskOptionsCollection } from '../descriptions/optionsCollection';
import { videoReturnFields } from '../descriptions/returnFields';
import { videoRequestFields } from '../descriptions/videoRequestFields';
import { waitModeFields } from '../descriptions/waitModeFields';
import { buildCreateTaskBody } from '../domain/requestBody';
import type { ImageToVideoInput } from '../domain/validate';
import { TomovieeClient } from '../transport/tomovieeApi';
import { attempt, errorItem } from './itemErrors';
import { readCreateInput, readWaitSettings, type WaitSettings } from './readItemParameters';
import { readMaxParallelTasks, submitAndWait } from './waitForTasks';
import { readWaitMode, submitAndWaitForCallbacks } from './callbackWait';
import { readReturnSettings, settledOutputItem, type ReturnSettings } from './videoDownload';

/** The video to make, how to wait for it and how it leaves the node; Options include the waiting settings. */
export const description = updateDisplayOptions({ show: { operation: ['createAndWait'] } }, [
	...videoRequestFields,
	...waitModeFields('video', 'How to wait for the video'),
	...videoReturnFields,
	taskOptionsCollection({
		texts: {
			maxParallelTasks:
				'How many videos may be generating at once for this node. More items wait and are submitted as earlier videos finish. Lower it if your Tomoviee plan allows fewer tasks at once.',
			maxWaitMinutes:
				'How long to wait for each video, counted from its creation. When it passes, the item fails with its task ID so you can pick the task up later with Get Status.',
			pollIntervalSeconds:
				'The longest gap between two status checks of a task while waiting. The node checks sooner when a video is due, using the progress and wait time Tomoviee reports.',
		},
	}),
]);

/**
 * Create and Wait: submit every item's task first, then wait for all of them together, so that a batch takes about
 * as long as its slowest video rather than the sum of all.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const output: Array<INodeExecutionData | undefined> = new Array(items.length);
	const continueOnFail = this.continueOnFail();

	// 1. Read and validate every item before any request: bad input costs no task.
	const requests: Array<{
		itemIndex: number;
		input: ImageToVideoInput;
		settings: WaitSettings;
		returnSettings: ReturnSettings;
	}> = [];
	items.forEach((_, itemIndex) => {
		const read = attempt(this, itemIndex, () => ({
			input: readCreateInput(this, itemIndex),
			settings: readWaitSettings(this, itemIndex),
			returnSettings: readReturnSettings(this, itemIndex),
		}));
		if (read instanceof Error) output[itemIndex] = errorItem(read, itemIndex);
		else requests.push({ itemIndex, ...read });
	});

	// 2. Submit (at most Max Parallel Tasks in flight) and wait for all of them together.
	const client = await TomovieeClient.forExecution(this);
	if (readWaitMode(this) === 'callback') {
		const callbackRequests = requests.map(({ input, ...request }) => ({
			...request,
			callbackUrl: input.callbackUrl,
			bodyWithCallback: (callbackUrl: string) => buildCreateTaskBody({ ...input, callbackUrl }),
		}));
		return await submitAndWaitForCallbacks(this, client, callbackRequests, output);
	}
	const settlements = await submitAndWait(
		this,
		client,
		requests.map(({ itemIndex, input, settings }) => ({ itemIndex, body: buildCreateTaskBody(input), settings })),
		{ maxParallel: readMaxParallelTasks(this), stopOnFirstError: !continueOnFail },
	);
	const returnSettings = new Map(requests.map((request) => [request.itemIndex, request.returnSettings]));
	for (const settlement of settlements) {
		output[settlement.itemIndex] =
			'view' in settlement
				? await settledOutputItem(this, settlement, returnSettings.get(settlement.itemIndex), continueOnFail)
				: errorItem(settlement.error, settlement.itemIndex);
	}
	return output.filter((item): item is INodeExecutionData => item !== undefined);
}
