import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { taskOptionsCollection } from '../descriptions/optionsCollection';
import { videoReturnFields } from '../descriptions/returnFields';
import { videoRequestFields } from '../descriptions/videoRequestFields';
import { waitModeFields } from '../descriptions/waitModeFields';
import { runTasks } from '../engine/run';
import { readTaskRun } from '../parameters/taskRequest';
import { IMAGE_TO_VIDEO } from './target';

/** The video to make, how to wait for it and how it leaves the node; Options include the waiting settings. */
export const description = updateDisplayOptions({ show: { operation: ['createAndWait'] } }, [
	...videoRequestFields,
	...waitModeFields('video', 'How to wait for the video'),
	...videoReturnFields,
	taskOptionsCollection({
		texts: {
			maxParallelTasks:
				'How many videos may be generating at once for this node. More items wait and are submitted as earlier videos finish. Lower it if your Tomoviee plan allows fewer tasks at once. Callback mode submits every item at once.',
			maxWaitMinutes:
				"How long to wait for each video, counted from its creation. When it passes, the item fails with its task ID so you can pick the task up later with 'Get Video Status'.",
			pollIntervalSeconds:
				'The longest gap between two status checks of a task while waiting. The node checks sooner when a video is due, using the progress and wait time Tomoviee reports.',
		},
	}),
]);

/** Create and Wait: submit every item's task, wait for all of them together, output each video. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const { requests, mode } = readTaskRun(this, items, IMAGE_TO_VIDEO, 'createAndWait');
	return await runTasks(this, requests, mode);
}
