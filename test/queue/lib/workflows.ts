/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * The workflows the queue-mode run deploys, and the receiver their last node reports to.
 *
 * Queue workflows: Webhook (POST {prompts}) -> Code (one item per prompt) -> Tomoviee Create and Wait
 * [-> Crypto SHA-256 of the video file] -> HTTP Request posting the item's JSON here, tagged with the execution id and
 * the item index. The regular-mode reference is the same chain behind a Manual Trigger, with the prompts in the Code
 * node, run by `n8n execute` (which always runs in regular mode, in its own process).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import { NODE_TYPE } from '../../e2e/lib/fixtures';

export const IMAGE_URL = 'https://images.example.com/photos/fox.jpg';
export const CREDENTIAL_NAME = 'Tomoviee (fake, queue mode)';

export interface ChainOptions {
	/** Names the chain: reports carry it. */
	tag: string;
	waitMode: 'poll' | 'callback';
	returnAs: 'url' | 'binary';
	credentialId: string;
	reportUrl: string;
}

export interface Report {
	tag: string;
	executionId: string;
	itemIndex: number;
	json: Record<string, unknown>;
	at: number;
}

/** Collects what the workflows' Report nodes post: one request per output item. */
export class ReportReceiver {
	readonly reports: Report[] = [];
	url = '';
	private readonly server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			const query = new URL(request.url ?? '/', 'http://x').searchParams;
			let json: Record<string, unknown>;
			try {
				json = JSON.parse(body) as Record<string, unknown>;
			} catch {
				json = { unparsable: body };
			}
			this.reports.push({
				tag: query.get('tag') ?? '',
				executionId: query.get('execution') ?? '',
				itemIndex: Number(query.get('item')),
				json,
				at: Date.now(),
			});
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});

	async start() {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	}

	of(tag: string): Report[] {
		return this.reports.filter((report) => report.tag === tag);
	}

	async close() {
		this.server.closeAllConnections();
		await new Promise((resolve) => this.server.close(resolve));
	}
}

type WorkflowNode = Record<string, unknown> & { name: string };

function node(
	name: string,
	type: string,
	typeVersion: number,
	parameters: Record<string, unknown>,
	x: number,
	y = 0,
): WorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [x, y], parameters };
}

/** Code -> Tomoviee -> [Crypto] -> Report, node names suffixed (a workflow may hold two chains). */
function chain(options: ChainOptions, promptsCode: string, suffix: string, y: number) {
	const names = {
		split: `One Item per Prompt${suffix}`,
		tomoviee: `Tomoviee${suffix}`,
		hash: `SHA-256 of the Video${suffix}`,
		report: `Report${suffix}`,
	};
	const nodes: WorkflowNode[] = [
		node(names.split, 'n8n-nodes-base.code', 2, { jsCode: promptsCode }, 220, y),
		{
			...node(
				names.tomoviee,
				NODE_TYPE,
				1,
				{
					operation: 'createAndWait',
					prompt: '={{ $json.prompt }}',
					imageUrl: IMAGE_URL,
					waitMode: options.waitMode,
					returnAs: options.returnAs,
					options: {},
				},
				440,
				y,
			),
			webhookId: randomUUID(),
			credentials: { tomovieeApi: { id: options.credentialId, name: CREDENTIAL_NAME } },
		},
	];
	if (options.returnAs === 'binary') {
		// Reads every byte of the file the Tomoviee node stored (n8n's own Crypto node, streaming hash of a binary field).
		nodes.push(
			node(
				names.hash,
				'n8n-nodes-base.crypto',
				2,
				{
					action: 'hash',
					type: 'SHA256',
					binaryData: true,
					binaryPropertyName: 'data',
					dataPropertyName: 'sha256',
					encoding: 'hex',
				},
				660,
				y,
			),
		);
	}
	nodes.push(
		node(
			names.report,
			'n8n-nodes-base.httpRequest',
			4.2,
			{
				method: 'POST',
				url: `=${options.reportUrl}/report?tag=${options.tag}&execution={{ $execution.id }}&item={{ $itemIndex }}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
			880,
			y,
		),
	);
	const order = nodes.map((n) => n.name);
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < order.length - 1; i++) {
		connections[order[i]] = { main: [[{ node: order[i + 1], type: 'main', index: 0 }]] };
	}
	return { nodes, connections, first: names.split };
}

/** A webhook-started workflow for the queue run; POST {prompts: [...]} to /webhook/<path>. */
export function queueWorkflow(options: ChainOptions) {
	const webhookPath = `tomoviee-queue-${options.tag}-${randomBytes(4).toString('hex')}`;
	const start = {
		...node(
			'Start',
			'n8n-nodes-base.webhook',
			2,
			{ httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
			0,
		),
		webhookId: randomUUID(),
	};
	const body = chain(
		options,
		'return $input.first().json.body.prompts.map((prompt) => ({ json: { prompt } }));',
		'',
		0,
	);
	return {
		webhookPath,
		workflow: {
			name: `queue: ${options.tag}`,
			nodes: [start, ...body.nodes],
			connections: { Start: { main: [[{ node: body.first, type: 'main', index: 0 }]] }, ...body.connections },
			settings: { executionOrder: 'v1' },
			active: false,
		},
	};
}

/** The same chains behind a Manual Trigger, prompts fixed in the Code nodes: what `n8n execute` runs. */
export function referenceWorkflow(chains: Array<{ options: ChainOptions; prompts: string[] }>) {
	const start = node('Manual', 'n8n-nodes-base.manualTrigger', 1, {}, 0);
	const nodes: WorkflowNode[] = [start];
	const connections: Record<string, unknown> = {};
	const firsts: string[] = [];
	chains.forEach(({ options, prompts }, index) => {
		const body = chain(
			options,
			`return ${JSON.stringify(prompts)}.map((prompt) => ({ json: { prompt } }));`,
			` (${options.tag})`,
			index * 200,
		);
		nodes.push(...body.nodes);
		Object.assign(connections, body.connections);
		firsts.push(body.first);
	});
	connections[start.name] = { main: [firsts.map((name) => ({ node: name, type: 'main', index: 0 }))] };
	return {
		name: 'queue: regular-mode reference',
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}
