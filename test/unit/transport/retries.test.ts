/**
 * transport/retries: the one loop that sends a create or a status query again, by domain/retryPolicy's rules; here
 * with scripted replies and a pause that records the delays instead of sleeping.
 */
import { createWithRetries, queryWithRetries } from '../../../nodes/Tomoviee/transport/retries';
import type { Reply } from '../../../nodes/Tomoviee/transport/envelope';

const failed = (kind: string, extra: object = {}): Reply =>
	({ ok: false, failure: { kind, message: kind, ...extra } }) as Reply;
const answered: Reply = { ok: true, data: { task_id: 'tm_img2video_b-0-1', status: 2 } };

/** Replies in order (the last one repeats), and the pauses asked for. */
function scripted(replies: Reply[], goOn = true) {
	const sent: number[] = [];
	const pauses: number[] = [];
	return {
		sent,
		pauses,
		send: async () => {
			sent.push(sent.length);
			return replies[Math.min(sent.length - 1, replies.length - 1)];
		},
		pause: async (ms: number) => {
			pauses.push(ms);
			return goOn;
		},
	};
}

describe('queryWithRetries', () => {
	it('sends a status query again after each transient fault until it is answered', async () => {
		const run = scripted([failed('serverError'), failed('timeout'), failed('rateLimited'), answered]);
		expect(await queryWithRetries(run.send, run.pause)).toBe(answered);
		expect(run.sent).toHaveLength(4);
		expect(run.pauses).toHaveLength(3);
	});

	it('gives up on a fault that is not transient, at once', async () => {
		const run = scripted([failed('auth')]);
		expect(await queryWithRetries(run.send, run.pause)).toMatchObject({ ok: false, failure: { kind: 'auth' } });
		expect(run.sent).toHaveLength(1);
	});

	it('makes no retry that would land past the deadline', async () => {
		const run = scripted([failed('serverError')]);
		const reply = await queryWithRetries(run.send, run.pause, Date.now() + 100);
		expect(reply).toMatchObject({ ok: false, failure: { kind: 'serverError' } });
		// The first backoff is at least 500 ms: past a deadline 100 ms away.
		expect(run.sent).toHaveLength(1);
	});

	it('stops when the pause says so, with no reply to act on', async () => {
		const run = scripted([failed('network')], false);
		expect(await queryWithRetries(run.send, run.pause)).toBeUndefined();
		expect(run.sent).toHaveLength(1);
	});

	it('stops after the budget of attempts for a fault that persists', async () => {
		const run = scripted([failed('badResponse')]);
		await queryWithRetries(run.send, run.pause);
		expect(run.sent).toHaveLength(8);
	});
});

describe('createWithRetries', () => {
	it('sends a create again only where nothing can have been made (rate limited), not after a timeout', async () => {
		const limited = scripted([failed('rateLimited', { retryAfterMs: 2000 }), { ok: true, data: { task_id: 't-1' } }]);
		expect(await createWithRetries(limited.send, limited.pause)).toEqual({ ok: true, taskId: 't-1' });
		expect(limited.pauses[0]).toBeGreaterThanOrEqual(2000);

		const timedOut = scripted([failed('timeout'), { ok: true, data: { task_id: 't-2' } }]);
		expect(await createWithRetries(timedOut.send, timedOut.pause)).toMatchObject({
			ok: false,
			failure: { kind: 'timeout' },
		});
		expect(timedOut.sent).toHaveLength(1);
	});

	it('returns the last refusal when a pause stops it', async () => {
		const run = scripted([failed('rateLimited')], false);
		expect(await createWithRetries(run.send, run.pause)).toMatchObject({ ok: false, failure: { kind: 'rateLimited' } });
		expect(run.sent).toHaveLength(1);
	});
});
