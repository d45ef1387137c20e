/** parameters/settings: the nodes' settings, read with their defaults and refused outside their bounds before any request. */
import { NodeOperationError } from 'n8n-workflow';

import {
	DEFAULT_MAX_PARALLEL_TASKS,
	MAX_PARALLEL_TASKS_LIMIT,
	MAX_WAIT_MINUTES_LIMIT,
} from '../../../nodes/Tomoviee/parameters/defaults';
import {
	readMaxParallelTasks,
	readReturnSettings,
	readWaitMode,
	readWaitSettings,
} from '../../../nodes/Tomoviee/parameters/settings';
import { errorOf, parameterContext, RESUME_URL } from './support';

const withOptions = (options: Record<string, unknown>) => parameterContext(() => ({ options }));

describe('readWaitSettings', () => {
	it('defaults: a poll interval of 60 s and a maximum wait of 10 minutes', () => {
		expect(readWaitSettings(withOptions({}), 0)).toEqual({ pollIntervalMs: 60_000, maxWaitMs: 600_000 });
	});

	it('reads the options, also as numeric strings from expressions', () => {
		expect(readWaitSettings(withOptions({ pollIntervalSeconds: '2.5', maxWaitMinutes: 1.5 }), 0)).toEqual({
			pollIntervalMs: 2500,
			maxWaitMs: 90_000,
		});
	});

	it.each([
		[{ pollIntervalSeconds: 0.5 }, '\'Poll Interval (Seconds)\' must be a number at least 1 (got "0.5")'],
		[{ pollIntervalSeconds: '' }, '\'Poll Interval (Seconds)\' must be a number at least 1 (got "")'],
		[
			{ maxWaitMinutes: 0 },
			`'Max Wait (Minutes)' must be a number above 0 and at most ${MAX_WAIT_MINUTES_LIMIT} (got "0")`,
		],
		[
			{ maxWaitMinutes: MAX_WAIT_MINUTES_LIMIT + 1 },
			`'Max Wait (Minutes)' must be a number above 0 and at most ${MAX_WAIT_MINUTES_LIMIT} (got "${MAX_WAIT_MINUTES_LIMIT + 1}")`,
		],
		[{ maxWaitMinutes: 'soon' }, /'Max Wait \(Minutes\)' must be a number/],
	])('refuses %j at its item, before any request', (options, message) => {
		const error = errorOf(() => readWaitSettings(withOptions(options), 4));
		expect(error).toBeInstanceOf(NodeOperationError);
		expect(error.message).toMatch(message);
		expect(error.context.itemIndex).toBe(4);
		expect(error.description).toContain('Nothing was sent to Tomoviee');
	});

	it('accepts the bounds themselves', () => {
		expect(
			readWaitSettings(withOptions({ pollIntervalSeconds: 1, maxWaitMinutes: MAX_WAIT_MINUTES_LIMIT }), 0),
		).toEqual({
			pollIntervalMs: 1000,
			maxWaitMs: MAX_WAIT_MINUTES_LIMIT * 60_000,
		});
	});
});

describe('readMaxParallelTasks', () => {
	it(`defaults to ${DEFAULT_MAX_PARALLEL_TASKS} and reads whole numbers from 1 to ${MAX_PARALLEL_TASKS_LIMIT}`, () => {
		expect(readMaxParallelTasks(withOptions({}))).toBe(DEFAULT_MAX_PARALLEL_TASKS);
		expect(readMaxParallelTasks(withOptions({ maxParallelTasks: 1 }))).toBe(1);
		expect(readMaxParallelTasks(withOptions({ maxParallelTasks: String(MAX_PARALLEL_TASKS_LIMIT) }))).toBe(
			MAX_PARALLEL_TASKS_LIMIT,
		);
	});

	it.each([0, MAX_PARALLEL_TASKS_LIMIT + 1, 2.5, 'many'])('refuses %j', (value) => {
		const error = errorOf(() => readMaxParallelTasks(withOptions({ maxParallelTasks: value })));
		expect(error.message).toBe(
			`'Max Parallel Tasks' must be a whole number from 1 to ${MAX_PARALLEL_TASKS_LIMIT} (got "${String(value)}")`,
		);
	});
});

describe('readWaitMode', () => {
	it('Poll by default, with Max Parallel Tasks', () => {
		expect(readWaitMode(withOptions({ maxParallelTasks: 4 }))).toEqual({ kind: 'poll', maxParallel: 4 });
	});

	it("Callback: the execution's resume URL, with its token", () => {
		const ctx = parameterContext(() => ({ waitMode: 'callback', options: { maxParallelTasks: 0 } }));
		// Max Parallel Tasks is hidden in Callback mode and not read: its value cannot fail the run.
		expect(readWaitMode(ctx)).toEqual({ kind: 'callback', resumeUrl: RESUME_URL });
	});

	it.each([
		['no resume URL', undefined, 'n8n gave no resume URL for this execution'],
		[
			'a resume URL without a token (n8n 1.x)',
			'http://localhost:5678/webhook-waiting/7',
			/cannot protect the resume URL/,
		],
	])('Callback refuses %s, naming Poll as the way out', (_, resumeUrl, message) => {
		const error = errorOf(() => readWaitMode(parameterContext(() => ({ waitMode: 'callback' }), { resumeUrl })));
		expect(error.message).toMatch(message);
		expect(error.description).toMatch(/[Ss]et 'Wait Mode' to 'Poll'/);
	});
});

describe('readReturnSettings', () => {
	it('defaults: the URL, full output, the data field, 1 GB', () => {
		expect(
			readReturnSettings(
				parameterContext(() => ({})),
				0,
			),
		).toEqual({
			simplify: false,
			returnAs: 'url',
			binaryPropertyName: 'data',
			maxBytes: 1024 * 1024 * 1024,
		});
	});

	it('Binary File: the field name trimmed and the size in bytes', () => {
		const ctx = parameterContext(() => ({
			simplify: true,
			returnAs: 'binary',
			binaryPropertyName: ' video ',
			maxFileSizeMb: 1.5,
		}));
		expect(readReturnSettings(ctx, 0)).toEqual({
			simplify: true,
			returnAs: 'binary',
			binaryPropertyName: 'video',
			maxBytes: Math.floor(1.5 * 1024 * 1024),
		});
	});

	it.each([
		[{ binaryPropertyName: '  ' }, "'Put Output File in Field' must not be empty"],
		[{ maxFileSizeMb: 0 }, `'Max File Size (MB)' must be a number above 0 (got "0")`],
		[{ maxFileSizeMb: '' }, `'Max File Size (MB)' must be a number above 0 (got "")`],
	])('Binary File refuses %j at its item', (parameters, message) => {
		const error = errorOf(() =>
			readReturnSettings(
				parameterContext(() => ({ returnAs: 'binary', ...parameters })),
				2,
			),
		);
		expect(error.message).toBe(message);
		expect(error.context.itemIndex).toBe(2);
	});
});
