import { readCallbackSignal } from '../../../nodes/Tomoviee/domain/callbackSignal';

const TASK = { task_id: 'tm-7', status: 3, result: '{"video_path":["https://x/v.mp4"]}', params: '' };

describe('readCallbackSignal: a task id and claimed status from any body Tomoviee may send', () => {
	it.each([
		['a flat task object', TASK],
		['a flat task object as JSON text', JSON.stringify(TASK)],
		['the envelope', { code: 0, msg: 'success', data: TASK }],
		['the envelope with data as a JSON string', { code: 0, msg: 'success', data: JSON.stringify(TASK) }],
		['the envelope as text, data a string', JSON.stringify({ code: 0, data: JSON.stringify(TASK) })],
		['form fields (parsed by n8n)', { task_id: 'tm-7', status: '3' }],
		['form-encoded text', 'task_id=tm-7&status=3&params=a+b'],
	])('reads %s', (_, body) => {
		expect(readCallbackSignal(body)).toEqual({ taskId: 'tm-7', status: 3 });
	});

	it('reads a task id without a status', () => {
		expect(readCallbackSignal({ data: { task_id: 'tm-8' } })).toEqual({ taskId: 'tm-8', status: undefined });
	});

	it.each([
		[undefined],
		[''],
		['   '],
		[{}],
		['not json {'],
		[[TASK]],
		[{ code: 0, data: null }],
		[{ task_id: '' }],
		[42],
	])('reads %j as a signal without a task id', (body) => {
		expect(readCallbackSignal(body).taskId).toBeUndefined();
	});

	it('does not read a status that is not a whole number', () => {
		expect(readCallbackSignal({ task_id: 't', status: 'done' })).toEqual({ taskId: 't', status: undefined });
	});
});

describe('readCallbackSignal: the query of the resume URL, for calls whose body names no task (a GET has none)', () => {
	const SIGNATURE = { signature: 'n8n-resume-token' };

	it.each([
		['a task_id and status appended by Tomoviee', { ...SIGNATURE, task_id: 'tm-7', status: '3' }],
		['the camelCase spelling', { ...SIGNATURE, taskId: 'tm-7', status: '3' }],
		['a parameter repeated in the query (its first value)', { ...SIGNATURE, task_id: ['tm-7', 'tm-9'], status: '3' }],
	])('reads %s', (_, query) => {
		expect(readCallbackSignal({}, query)).toEqual({ taskId: 'tm-7', status: 3 });
		expect(readCallbackSignal(undefined, query)).toEqual({ taskId: 'tm-7', status: 3 });
	});

	it('prefers the task the body names', () => {
		expect(readCallbackSignal(TASK, { ...SIGNATURE, task_id: 'tm-other' })).toEqual({ taskId: 'tm-7', status: 3 });
	});

	it.each([[SIGNATURE], [{ ...SIGNATURE, source: 'tomoviee', task_id: '' }], [undefined], ['task_id=x']])(
		'reads the query %j as no task id: a signal',
		(query) => {
			expect(readCallbackSignal({}, query).taskId).toBeUndefined();
		},
	);
});
