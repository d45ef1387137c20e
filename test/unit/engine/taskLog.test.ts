/** The log line that names a created task: what an operator finds in a dead worker's log. */
import type { IExecuteFunctions, INode } from 'n8n-workflow';

import { logCreatedTask } from '../../../nodes/Tomoviee/engine/taskLog';

it('names the task, the item, the node and the execution at info level, with the same facts as metadata', () => {
	const lines: Array<{ message: string; meta: unknown }> = [];
	const ctx = {
		getNode: () => ({ name: 'Make Videos' }) as INode,
		getExecutionId: () => '4711',
		logger: { info: (message: string, meta: unknown) => lines.push({ message, meta }) },
	} as unknown as Pick<IExecuteFunctions, 'logger' | 'getNode' | 'getExecutionId'>;

	logCreatedTask(ctx, 'tm_img2video_b-0-abc', 3);

	expect(lines).toEqual([
		{
			message: 'Tomoviee task tm_img2video_b-0-abc created for item 3 of node "Make Videos" in execution 4711',
			meta: { taskId: 'tm_img2video_b-0-abc', itemIndex: 3, executionId: '4711' },
		},
	]);
});
