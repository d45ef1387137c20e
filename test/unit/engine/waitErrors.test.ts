/** engine/waitErrors: a wait that ends without every result names every task, to pick up later. */
import { NodeOperationError } from 'n8n-workflow';

import { STATUS_OPERATION } from '../../../nodes/Tomoviee/domain/vocabulary';
import { cancelledWhileWaiting, maxWaitError } from '../../../nodes/Tomoviee/engine/waitErrors';
import { NODE } from '../transport/support';

describe('maxWaitError', () => {
	it('one task: names it, the wait in minutes, what was last seen, and how to pick it up', () => {
		const error = maxWaitError(NODE, [{ itemIndex: 2, taskId: 't-a' }], 1.5, 'last status: processing, 40%');
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe(
			'Tomoviee task t-a did not finish within the maximum wait of 1.5 minutes (last status: processing, 40%)',
		);
		expect(error.description).toBe(
			`The task goes on at Tomoviee. Pick up task t-a later with ${STATUS_OPERATION}, or raise 'Max Wait (Minutes)' under 'Options'.`,
		);
		expect(error.context).toMatchObject({ itemIndex: 2, taskId: 't-a' });
		expect(error.context).not.toHaveProperty('otherTaskIds');
	});

	it('several tasks (a callback wait): names them all, the first as the error, the others as still running', () => {
		const tasks = [
			{ itemIndex: 0, taskId: 't-a' },
			{ itemIndex: 1, taskId: 't-b' },
		] as const;
		const error = maxWaitError(NODE, [...tasks], 1 / 60, 'no callback arrived');
		expect(error.message).toBe(
			'Not every Tomoviee task (t-a, t-b) finished within the maximum wait of 0.02 minutes (no callback arrived)',
		);
		expect(error.context).toMatchObject({ taskId: 't-a', otherTaskIds: ['t-b'] });
		expect(error.description).toContain('item 1: t-b');
	});
});

describe('cancelledWhileWaiting', () => {
	it('names the open tasks and the items whose create may have made a task', () => {
		const error = cancelledWhileWaiting(NODE, [{ itemIndex: 1, taskId: 't-b' }], [3]);
		expect(error.message).toBe('The execution was canceled while waiting for Tomoviee task(s) t-b');
		expect(error.description).toContain(`pick them up with ${STATUS_OPERATION}`);
		expect(error.description).toContain('Creates still in flight for item(s) 3 may have made tasks too');
		expect(error.context).toMatchObject({
			itemIndex: 1,
			taskId: 't-b',
			taskIds: ['t-b'],
			itemsWithUncertainCreates: [3],
		});
	});

	it('with no task yet: the item of the create cut off', () => {
		const error = cancelledWhileWaiting(NODE, [], [0]);
		expect(error.message).toBe('The execution was canceled while waiting for Tomoviee tasks');
		expect(error.context).toMatchObject({ itemIndex: 0, taskIds: [] });
		expect(error.context).not.toHaveProperty('taskId');
	});
});
