/** A status answer's task object, as the client hands it on. */
import { taskFromReply } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import { NODE } from './support';

describe('taskFromReply', () => {
	it('returns the task object', () => {
		expect(taskFromReply(NODE, { ok: true, data: { task_id: 'a', status: 1 } }, { itemIndex: 0 })).toEqual({
			task_id: 'a',
			status: 1,
		});
	});

	it.each([[null], ['text'], [[1]]])('refuses data %j with the task id', (data) => {
		expect(() => taskFromReply(NODE, { ok: true, data }, { itemIndex: 0, taskId: 'tm-1' })).toThrow(
			'Tomoviee answered the status query without a task object [task tm-1]',
		);
	});
});
