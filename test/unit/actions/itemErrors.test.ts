import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { errorItem, withTasksStillRunning } from '../../../nodes/Tomoviee/actions/itemErrors';
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

	it('carries the error itself, so that n8n sends the item to the error output although its JSON has more keys', () => {
		const error = new NodeApiError(NODE, { message: 'failed' }, { message: 'Tomoviee task tm-a failed: moderation' });
		error.context.taskId = 'tm-a';
		const item = errorItem(error, 2, errorOutput);
		// n8n's handleNodeErrorOutput: `item.error`, or JSON with no key beside error/message/details.
		expect(item.error).toBe(error);
		expect(item.json).toMatchObject({ error: 'Tomoviee task tm-a failed: moderation', taskId: 'tm-a' });
		expect(item.pairedItem).toEqual({ item: 2 });
	});

	it('keeps the JSON only with the regular output (n8n would replace it), and for a plain error', () => {
		const error = new NodeApiError(NODE, { message: 'failed' }, { message: 'Tomoviee task tm-a failed' });
		expect(errorItem(error, 0, regularOutput).error).toBeUndefined();
		const item = errorItem(new Error('socket hang up'), 0, errorOutput);
		expect(item.error).toBeUndefined();
		expect(item.json).toEqual({ error: 'socket hang up' });
	});
});
