/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * The Tomoviee node's example workflows (examples/tomoviee-*.json) run in-process: each Tomoviee node in turn through
 * n8n-core with its saved parameters, fed the previous node's output items, against the fake. Real n8n runs them in
 * test/e2e/tomovieeNode.ts.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';

import { REPO_ROOT } from '../../harness';
import { useFake } from '../support';
import { runTomoviee } from './support';

const fake = useFake();

interface ExampleNode {
	name: string;
	type: string;
	parameters: INodeParameters;
}

const EXAMPLES = readdirSync(path.join(REPO_ROOT, 'examples'))
	.filter((file) => file.startsWith('tomoviee-') && file.endsWith('.json'))
	.sort()
	.map((file) => [file, JSON.parse(readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'))] as const);

/** The Tomoviee nodes in connection order (the examples are straight chains from the manual trigger). */
function chain(workflow: {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
}) {
	const byName = new Map(workflow.nodes.map((node) => [node.name, node]));
	const order: ExampleNode[] = [];
	let current = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')?.name;
	while (current && workflow.connections[current]) {
		current = workflow.connections[current].main[0][0].node;
		order.push(byName.get(current) as ExampleNode);
	}
	return order;
}

it('there is an example per resource of the Tomoviee node', () => {
	const resources = new Set(
		EXAMPLES.flatMap(([, workflow]) => chain(workflow).map((node) => node.parameters.resource)),
	);
	expect([...resources].sort()).toEqual(['audio', 'custom', 'image', 'task', 'video']);
});

describe.each(EXAMPLES)('%s', (_file, workflow) => {
	it('runs every Tomoviee node to a result', async () => {
		const nodes = chain(workflow);
		expect(nodes.length).toBeGreaterThan(0);
		let items: INodeExecutionData[] = [{ json: {} }];
		for (const node of nodes) {
			expect(node.type).toBe('n8n-nodes-tomoviee.tomoviee');
			const result = await runTomoviee(fake, {
				parameters: node.parameters,
				items: items.map((item) => ({ json: item.json })),
			});
			expect({ node: node.name, status: result.executionStatus, error: result.error?.message }).toEqual({
				node: node.name,
				status: 'success',
				error: undefined,
			});
			items = result.output;
			for (const item of items) {
				const json = item.json as IDataObject;
				expect(json.taskId).toEqual(expect.stringMatching(/-0-/));
				if (node.parameters.mode !== 'create' && node.parameters.resource !== 'task')
					expect(json.status).toBe('succeeded');
				if (node.parameters.returnAs === 'binary')
					expect(Object.keys(item.binary ?? {})).toContain(node.parameters.binaryPropertyName);
			}
		}
	});
});
