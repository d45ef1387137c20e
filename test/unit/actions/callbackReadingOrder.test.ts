import { readingOrder } from '../../../nodes/Tomoviee/actions/callbackWait';

const tasks = ['t0', 't1', 't2', 't3'].map((taskId) => ({ taskId }));

describe('readingOrder: which task a callback reads first', () => {
	it('reads the task created last first when the call names no task', () => {
		expect(readingOrder(tasks, undefined).map((task) => task.taskId)).toEqual(['t3', 't2', 't1', 't0']);
	});

	it('reads the others (latest first) before the named task when the call reports its success', () => {
		expect(readingOrder(tasks, tasks[1], 3).map((task) => task.taskId)).toEqual(['t3', 't2', 't0', 't1']);
	});

	it.each([[4], [5], [6], [undefined], [7]])('reads the named task first when the call reports status %j', (status) => {
		expect(readingOrder(tasks, tasks[1], status).map((task) => task.taskId)).toEqual(['t1', 't3', 't2', 't0']);
	});
});
