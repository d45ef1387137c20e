/** A status answer's task object, as the client hands it on. */
import { TASK_ERROR_CODE_KEY } from '../../../nodes/Tomoviee/domain/taskView';
import { interpretAnswer } from '../../../nodes/Tomoviee/transport/envelope';
import { taskFromReply } from '../../../nodes/Tomoviee/transport/tomovieeClient';
import { answer, NODE } from './support';

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

describe('taskFromReply: a status answer whose code is the task error code (get-result page)', () => {
	it('keeps the code as the task error code for the output', () => {
		const failedTask = { task_id: 'tm-f', status: 4, reason: 'content moderation failed', progress: 0, result: '' };
		const reply = interpretAnswer(answer(200, { code: 680301, msg: 'content moderation failed', data: failedTask }), {
			taskInData: true,
		});
		expect(taskFromReply(NODE, reply, { itemIndex: 0, taskId: 'tm-f' })).toMatchObject({
			task_id: 'tm-f',
			status: 4,
			reason: 'content moderation failed',
			[TASK_ERROR_CODE_KEY]: 680301,
		});
	});

	it("backs up an empty reason with the answer's msg", () => {
		const reply = interpretAnswer(
			answer(200, { code: 680302, msg: 'task cancelled', data: { task_id: 't', status: 5, reason: '' } }),
			{ taskInData: true },
		);
		expect(taskFromReply(NODE, reply, { itemIndex: 0 })).toMatchObject({
			reason: 'task cancelled',
			[TASK_ERROR_CODE_KEY]: 680302,
		});
	});
});
