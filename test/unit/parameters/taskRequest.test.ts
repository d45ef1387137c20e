/** parameters/taskRequest: every item read and validated into its task request before any request is sent. */
import { NodeOperationError } from 'n8n-workflow';

import { resultSpecForTask } from '../../../nodes/Tomoviee/domain/capabilityResult';
import { IMAGE_TO_VIDEO } from '../../../nodes/Tomoviee/imageToVideo/target';
import { readStatusRequests, readTaskRun } from '../../../nodes/Tomoviee/parameters/taskRequest';
import type { TaskRequest } from '../../../nodes/Tomoviee/engine/types';
import { errorOf, parameterContext, RESUME_URL } from './support';

const IMAGE = 'https://example.com/cat.png';
const items = (count: number) => Array.from({ length: count }, () => ({ json: {} }));
const i2vParameters = (extra: Record<string, unknown> = {}) => ({ prompt: 'a cat', imageUrl: IMAGE, ...extra });

describe('readTaskRun', () => {
	it('Create and Wait, defaults: Poll with 20 at once, the poll and wait defaults, the create body and path', () => {
		const { requests, mode } = readTaskRun(
			parameterContext(() => i2vParameters()),
			items(1),
			IMAGE_TO_VIDEO,
			'createAndWait',
		);
		expect(mode).toEqual({ kind: 'poll', maxParallel: 20 });
		const [request] = requests as TaskRequest[];
		expect(request).toMatchObject({
			itemIndex: 0,
			path: '/v1/open/capacity/application/tm_img2video_b',
			body: expect.objectContaining({ prompt: 'a cat', image: IMAGE }),
			waitSettings: { pollIntervalMs: 60_000, maxWaitMs: 600_000 },
			returnSettings: { returnAs: 'url' },
		});
		expect(request.body).not.toHaveProperty('callback');
		expect(request.callbackUrl).toBeUndefined();
	});

	it('Create: no wait settings; the Tomoviee node takes the run from its Mode field', () => {
		const create = readTaskRun(
			parameterContext(() => i2vParameters()),
			items(1),
			IMAGE_TO_VIDEO,
			'create',
		);
		expect(create.mode).toEqual({ kind: 'create' });
		expect((create.requests[0] as TaskRequest).waitSettings).toBeUndefined();
		const byMode = readTaskRun(
			parameterContext(() => i2vParameters({ mode: 'create' })),
			items(1),
			IMAGE_TO_VIDEO,
		);
		expect(byMode.mode).toEqual({ kind: 'create' });
	});

	it('Poll keeps a Callback URL option in the body', () => {
		const ctx = parameterContext(() => i2vParameters({ options: { callbackUrl: 'https://example.com/hook' } }));
		const [request] = readTaskRun(ctx, items(1), IMAGE_TO_VIDEO, 'createAndWait').requests as TaskRequest[];
		expect(request.callbackUrl).toBe('https://example.com/hook');
		expect(request.body.callback).toBe('https://example.com/hook');
	});

	it('Callback mode refuses the Callback URL option on any item, before anything is sent', () => {
		// Only item 1 sets it: without continueOnFail the whole run stops at item 1's error.
		const ctx = parameterContext((itemIndex) =>
			i2vParameters({
				waitMode: 'callback',
				options: itemIndex === 1 ? { callbackUrl: 'https://example.com/hook' } : {},
			}),
		);
		const error = errorOf(() => readTaskRun(ctx, items(2), IMAGE_TO_VIDEO, 'createAndWait'));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toBe("The 'Callback URL' option cannot be used with 'Wait Mode' set to 'Callback'");
		expect(error.context.itemIndex).toBe(1);
	});

	it('under continueOnFail each item gets its own request or error, and Callback mode its resume URL', () => {
		const ctx = parameterContext(
			(itemIndex) =>
				i2vParameters({
					waitMode: 'callback',
					...(itemIndex === 1 ? { options: { callbackUrl: 'https://example.com/hook' } } : {}),
					...(itemIndex === 2 ? { imageUrl: 'not a url' } : {}),
				}),
			{ continueOnFail: true },
		);
		const { requests, mode } = readTaskRun(ctx, items(3), IMAGE_TO_VIDEO, 'createAndWait');
		expect(mode).toEqual({ kind: 'callback', resumeUrl: RESUME_URL });
		expect(requests[0]).toMatchObject({ itemIndex: 0, waitSettings: { maxWaitMs: 600_000 } });
		expect((requests[1] as Error).message).toMatch(/'Callback URL' option cannot be used/);
		expect(requests[2]).toBeInstanceOf(NodeOperationError);
		expect((requests[2] as NodeOperationError).message).toMatch(/Image URL/);
	});

	it('refuses a wait setting out of bounds at its item', () => {
		const ctx = parameterContext(() => i2vParameters({ options: { pollIntervalSeconds: 0 } }));
		const error = errorOf(() => readTaskRun(ctx, items(1), IMAGE_TO_VIDEO, 'createAndWait'));
		expect(error.message).toMatch(/'Poll Interval \(Seconds\)' must be a number at least 1/);
	});
});

describe('readStatusRequests', () => {
	it("each item's task id, read by the capability its id names", () => {
		const ctx = parameterContext((itemIndex) => ({ taskId: itemIndex === 0 ? 'tm_text2music-0-1' : ' ' }), {
			continueOnFail: true,
		});
		const [first, second] = readStatusRequests(ctx, items(2), resultSpecForTask);
		expect(first).toMatchObject({
			itemIndex: 0,
			taskId: 'tm_text2music-0-1',
			result: { capabilityId: 'tm_text2music' },
		});
		expect(second).toBeInstanceOf(NodeOperationError);
		expect((second as NodeOperationError).context.itemIndex).toBe(1);
	});
});
