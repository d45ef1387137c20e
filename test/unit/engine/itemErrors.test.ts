import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItem, withTasksStillRunning } from '../../../nodes/Tomoviee/engine/itemErrors';
import { NODE } from '../transport/support';
import { STATUS_OPERATION } from '../../../nodes/Tomoviee/domain/vocabulary';

describe('withTasksStillRunning', () => {
	const running = [
		{ itemIndex: 0, taskId: 'tm-a' },
		{ itemIndex: 2, taskId: 'tm-c' },
	];

	it('returns a copy that names the running tasks, and leaves the error it was given as it was', () => {
		const error = new NodeApiError(
			NODE,
			{ message: 'refused' },
			{ message: 'Tomoviee error 1: refused', description: 'Check it', itemIndex: 1 },
		);
		error.context.taskId = 'tm-b';
		const named = withTasksStillRunning(error, running);

		expect(named).not.toBe(error);
		expect(named).toBeInstanceOf(NodeApiError);
		expect(named.message).toBe('Tomoviee error 1: refused');
		expect(named.stack).toBe(error.stack);
		expect(named.description).toBe(
			`Check it Tasks still running at Tomoviee, to pick up with ${STATUS_OPERATION}: item 0: tm-a, item 2: tm-c.`,
		);
		expect(named.context).toEqual({ ...error.context, otherTaskIds: ['tm-a', 'tm-c'] });
		expect(error.description).toBe('Check it');
		expect(error.context).not.toHaveProperty('otherTaskIds');
		expect(error.context.taskId).toBe('tm-b');
	});

	it('works for NodeOperationError without a description', () => {
		const error = new NodeOperationError(NODE, 'stopped', { itemIndex: 3 });
		const named = withTasksStillRunning(error, running.slice(0, 1));
		expect(named).toBeInstanceOf(NodeOperationError);
		expect(named.description).toBe(
			`Tasks still running at Tomoviee, to pick up with ${STATUS_OPERATION}: item 0: tm-a.`,
		);
		expect(error.description).toBeFalsy();
	});

	it('returns the error itself when no other task runs', () => {
		const error = new NodeOperationError(NODE, 'stopped');
		expect(withTasksStillRunning(error, [])).toBe(error);
	});
});

describe('errorItem', () => {
	const errorOutput = { getNode: () => ({ ...NODE, onError: 'continueErrorOutput' as const }) };
	const regularOutput = { getNode: () => NODE };

	it('error output: only error and details in the JSON, so that n8n routes it there and keeps the task id', () => {
		const error = new NodeApiError(NODE, { message: 'failed' }, { message: 'Tomoviee task tm-a failed: moderation' });
		error.context.taskId = 'tm-a';
		const item = errorItem(error, 2, errorOutput);
		// n8n's handleNodeErrorOutput: `item.error` (its JSON then becomes the message alone), or JSON with no key beside
		// error/message/details (kept).
		expect(item.error).toBeUndefined();
		expect(item.json).toEqual({
			error: 'Tomoviee task tm-a failed: moderation',
			details: { errorDescription: 'failed', taskId: 'tm-a' },
		});
		expect(item.pairedItem).toEqual({ item: 2 });
		expect(errorItem(new Error('socket hang up'), 0, errorOutput).json).toEqual({ error: 'socket hang up' });
	});

	it('regular output: the task id and description beside the message, as before', () => {
		const error = new NodeApiError(
			NODE,
			{ message: 'failed' },
			{ message: 'Tomoviee task tm-a failed', description: 'why' },
		);
		error.context.taskId = 'tm-a';
		expect(errorItem(error, 0, regularOutput)).toEqual({
			json: { error: 'Tomoviee task tm-a failed', errorDescription: 'why', taskId: 'tm-a' },
			pairedItem: { item: 0 },
		});
	});
});
