import { isFinalStatus, mapTaskStatus, readTaskTiming } from '../../../nodes/Tomoviee/domain/taskView';

describe('mapTaskStatus and isFinalStatus', () => {
	it.each([
		[1, 'queued', false],
		[2, 'processing', false],
		[3, 'succeeded', true],
		[4, 'failed', true],
		[5, 'cancelled', true],
		[6, 'timedOut', true],
	] as const)('status %d is %s (final: %s)', (code, status, final) => {
		expect(mapTaskStatus(code)).toBe(status);
		expect(isFinalStatus(status)).toBe(final);
	});

	it.each([0, 7, -1, 3.5])(
		'reads the undocumented status %d as unknown, which is not final (polling goes on)',
		(code) => {
			expect(mapTaskStatus(code)).toBe('unknown');
			expect(isFinalStatus('unknown')).toBe(false);
		},
	);
});

describe('readTaskTiming', () => {
	it('reads queue position and estimated wait while queued', () => {
		expect(readTaskTiming({ position: 3, wait_time: 42 })).toEqual({ queuePosition: 3, estimatedWaitSeconds: 42 });
	});

	it('drops position -1 and missing values', () => {
		expect(readTaskTiming({ position: -1 })).toEqual({});
		expect(readTaskTiming({})).toEqual({});
	});
});
