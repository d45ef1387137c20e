/** engine/taskOutcome: a task answer to its view, or to the error a failed or unreadable task deserves. */
import { NodeApiError } from 'n8n-workflow';

import {
	IMAGE_TO_VIDEO_RESULT,
	resultSpecForCapabilityId,
	toCapabilityTaskView,
	type ResultSpec,
} from '../../../nodes/Tomoviee/domain/capabilityResult';
import { STATUS_OPERATION } from '../../../nodes/Tomoviee/domain/vocabulary';
import { taskViewOrError, unsuccessfulTaskError } from '../../../nodes/Tomoviee/engine/taskOutcome';
import { NODE } from '../transport/support';

const viewOf = (spec: ResultSpec, task: Record<string, unknown>) => toCapabilityTaskView(task, spec);
const failedTask = (taskId: string, reason: string, extra: Record<string, unknown> = {}) => ({
	task_id: taskId,
	status: 4,
	reason,
	...extra,
});

describe('unsuccessfulTaskError', () => {
	it.each([
		['tm_text2music', 'the prompt and the duration'],
		['tm_img2video_b', 'the prompt and the image'],
		['tm_redrawing', 'the prompt, the image and the mask'],
		['my_new_capability', 'the capability ID and the request body'],
	])("a failed %s task: the hint names that capability's inputs (%s)", (capabilityId, inputs) => {
		const view = viewOf(resultSpecForCapabilityId(capabilityId), failedTask(`${capabilityId}-0-1`, 'bad input'));
		const error = unsuccessfulTaskError(NODE, view, 2);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(`Tomoviee task ${capabilityId}-0-1 failed: bad input`);
		expect(error.description).toBe(`Check ${inputs}, then run again; the reason comes from Tomoviee`);
		expect(error.context).toMatchObject({ itemIndex: 2, taskId: `${capabilityId}-0-1`, taskStatus: 'failed' });
	});

	it("carries Tomoviee's error code, and names an account problem whatever the capability", () => {
		const view = viewOf(
			resultSpecForCapabilityId('tm_text2music'),
			failedTask('tm_text2music-0-1', 'insufficient balance', { errorCode: 680012 }),
		);
		const error = unsuccessfulTaskError(NODE, view, 0);
		expect(error.context.errorCode).toBe(680012);
		expect(error.description).toBe('Top up your Tomoviee account balance, then run the workflow again');
	});

	it('words cancelled and timed-out tasks, with "no reason given" when Tomoviee gave none', () => {
		const cancelled = viewOf(IMAGE_TO_VIDEO_RESULT, { task_id: 't-1', status: 5, reason: '' });
		const timedOut = viewOf(IMAGE_TO_VIDEO_RESULT, { task_id: 't-2', status: 6, reason: 'queue full' });
		expect(unsuccessfulTaskError(NODE, cancelled, 0).message).toBe('Tomoviee task t-1 was cancelled: no reason given');
		expect(unsuccessfulTaskError(NODE, timedOut, 0).message).toBe(
			"Tomoviee task t-2 timed out on Tomoviee's side: queue full",
		);
		expect(unsuccessfulTaskError(NODE, cancelled, 0).context).not.toHaveProperty('errorCode');
	});
});

describe('taskViewOrError', () => {
	const read = (task: Record<string, unknown>) => toCapabilityTaskView(task, IMAGE_TO_VIDEO_RESULT);

	it('returns the view of a readable answer', () => {
		const view = taskViewOrError(
			NODE,
			{ task_id: 't-1', status: 2, progress: 40 },
			{ itemIndex: 0, taskId: 't-1' },
			read,
		);
		expect(view).toMatchObject({ taskId: 't-1', status: 'processing', progress: 40 });
	});

	it(`a success without its video: an error naming the task and ${STATUS_OPERATION}`, () => {
		const answer = { task_id: 't-1', status: 3, result: JSON.stringify({ video_path: [] }) };
		const error = (() => {
			try {
				taskViewOrError(NODE, answer, { itemIndex: 3, taskId: 't-1' }, read);
			} catch (caught) {
				return caught as NodeApiError;
			}
			throw new Error('no error');
		})();
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toMatch(/task t-1 as succeeded but returned no video path/);
		expect(error.description).toContain(STATUS_OPERATION);
		expect(error.context).toMatchObject({ itemIndex: 3, taskId: 't-1' });
	});

	it('a reader that throws something else still gives an error naming the task', () => {
		const broken = () => {
			throw new TypeError('boom');
		};
		expect(() => taskViewOrError(NODE, { task_id: 't-9', status: 3 }, { itemIndex: 0, taskId: 't-9' }, broken)).toThrow(
			/could not be read: TypeError: boom/,
		);
	});
});
