/**
 * What the unit tests of the transport and the actions share: a node to build errors for, recorded answers, and
 * reading a failure.
 */
import type { INode } from 'n8n-workflow';

import type { Reply } from '../../../nodes/Tomoviee/transport/envelope';
import type { ApiFailure, HttpAnswer } from '../../../nodes/Tomoviee/transport/failures';

export const NODE: INode = {
	id: 'n1',
	name: 'Tomoviee',
	type: 'n8n-nodes-tomoviee.tomovieeImageToVideo',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

export function answer(statusCode: number, body: unknown, headers: Record<string, unknown> = {}): HttpAnswer {
	return { statusCode, headers, body };
}

export function failureOf(reply: Reply): ApiFailure {
	if (reply.ok) throw new Error(`expected a failure, got data ${JSON.stringify(reply.data)}`);
	return reply.failure;
}
