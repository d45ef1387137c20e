/** Set-up for the Tomoviee node's integration tests: the built node run through n8n-core against the fake. */
import type { IDataObject, INodeParameters } from 'n8n-workflow';

import type { FakeTomoviee } from '../../fake-tomoviee';
import type { OperationCase } from '../../fixtures/generationOperations';
import { runNodeWorkflow, type NodeRunOptions, type NodeRunResult, type TestItem } from '../../harness';
import { credentialsFor, FULL_OUTPUT } from '../support';

export const NODE_TYPE = 'tomoviee';

export interface TomovieeRunSpec {
	parameters: INodeParameters;
	items?: TestItem[];
	continueOnFail?: boolean;
	credentials?: IDataObject;
	extra?: Partial<Omit<NodeRunOptions, 'node'>>;
}

export async function runTomoviee(fake: FakeTomoviee, spec: TomovieeRunSpec): Promise<NodeRunResult> {
	return await runNodeWorkflow({
		node: { type: NODE_TYPE, parameters: { ...FULL_OUTPUT, ...spec.parameters }, continueOnFail: spec.continueOnFail },
		items: spec.items ?? [{}],
		credentials: credentialsFor(fake, spec.credentials),
		...spec.extra,
	});
}

/** Parameters of a generation: Create and Wait polling every second unless overridden. */
export function generation(operation: OperationCase, overrides: INodeParameters = {}): INodeParameters {
	return {
		resource: operation.resource,
		operation: operation.operation,
		...operation.fields,
		options: { pollIntervalSeconds: 1 },
		...overrides,
	};
}
