/** From a classified failure to the NodeApiError n8n shows. */
import { NodeApiError } from 'n8n-workflow';

import { describeTransportError, type ApiFailure } from '../../../nodes/Tomoviee/transport/failures';
import {
	CREATE_MAY_EXIST_NOTE,
	createFailureToNodeApiError,
	failureToNodeApiError,
} from '../../../nodes/Tomoviee/transport/nodeApiError';
import { NODE } from './support';

describe('failureToNodeApiError', () => {
	const failure: ApiFailure = {
		kind: 'rateLimited',
		message: 'Tomoviee is rate limiting this account (HTTP 429)',
		description: 'Too many requests',
		httpCode: 429,
		retryAfterMs: 2000,
	};

	it('names the item and keeps kind, delay and HTTP code for retries and continueOnFail', () => {
		const error = failureToNodeApiError(NODE, failure, { itemIndex: 2 });
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.message).toBe(failure.message);
		expect(error.description).toBe('Too many requests');
		expect(error.httpCode).toBe('429');
		expect(error.context).toMatchObject({ itemIndex: 2, failureKind: 'rateLimited', retryAfterMs: 2000 });
		expect(error.context.taskId).toBeUndefined();
	});

	it('puts a known task id in message, description (with the Get Status hint) and context', () => {
		const error = failureToNodeApiError(
			NODE,
			{ kind: 'api', errorCode: 680011, message: 'Tomoviee error 680011: task not found' },
			{ itemIndex: 0, taskId: 'tm-42' },
		);
		expect(error.message).toBe('Tomoviee error 680011: task not found [task tm-42]');
		expect(error.description).toContain('tm-42');
		expect(error.description).toContain('Get Status');
		expect(error.context).toMatchObject({ taskId: 'tm-42', errorCode: 680011, itemIndex: 0 });
	});
});

describe('failureToNodeApiError with socket codes', () => {
	it.each(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT'])(
		"keeps its own message (with the task id) for %s instead of n8n's generic text",
		(networkCode) => {
			const failure = describeTransportError(Object.assign(new Error('socket hang up'), { code: networkCode }));
			const error = failureToNodeApiError(NODE, failure, { itemIndex: 1, taskId: 'tm-9' });
			expect(error.message).toBe(`${failure.message} [task tm-9]`);
			expect(error.description).toContain('tm-9');
		},
	);
});

describe('createFailureToNodeApiError', () => {
	it.each([
		['timeout', { kind: 'timeout', message: 'x' }],
		['5xx', { kind: 'serverError', message: 'x', httpCode: 502 }],
		['a broken 2xx body', { kind: 'badResponse', message: 'x', httpCode: 200 }],
		['a reset', { kind: 'network', message: 'x', networkCode: 'ECONNRESET' }],
		['a cancelled execution', { kind: 'cancelled', message: 'x' }],
	] as Array<[string, ApiFailure]>)('after %s says the task may exist and how to find it', (_, failure) => {
		const error = createFailureToNodeApiError(NODE, failure, 0);
		expect(error.description).toContain(CREATE_MAY_EXIST_NOTE);
		expect(error.context.taskMayExist).toBe(true);
	});

	it.each([
		['a refusal', { kind: 'api', message: 'x', errorCode: 680002 }],
		['a refused connection', { kind: 'network', message: 'x', networkCode: 'ECONNREFUSED' }],
		['a redirect', { kind: 'redirect', message: 'x' }],
	] as Array<[string, ApiFailure]>)('after %s does not', (_, failure) => {
		expect(createFailureToNodeApiError(NODE, failure, 0).description ?? '').not.toContain(CREATE_MAY_EXIST_NOTE);
	});
});
