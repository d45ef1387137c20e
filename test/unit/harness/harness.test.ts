/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- Node test tooling, not n8n runtime code; its credentials are made-up test values */
import { existsSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import {
	ITEM_SOURCE_NODE_TYPE,
	loadPackageNodeTypes,
	runNodeWorkflow,
	startNodeWorkflow,
	type NodeRunOptions,
} from '../../harness';

const ECHO_PACKAGE = path.resolve(__dirname, '../../harness/fixtures/echo-package');
const CREDENTIALS = { echoApi: { user: 'alice', secret: 'fixture-secret-4711' } };
const BASIC_AUTH = `Basic ${Buffer.from('alice:fixture-secret-4711').toString('base64')}`;

interface ReceivedRequest {
	method?: string;
	url?: string;
	headers: http.IncomingHttpHeaders;
	body: string;
}

/** A local server that answers with what it received, or never answers for /hang. */
class EchoServer {
	readonly received: ReceivedRequest[] = [];
	readonly hangingRequestClosed: Promise<void>;
	readonly hangingRequestArrived: Promise<void>;
	private server = http.createServer((req, res) => this.handle(req, res));
	private markHangingArrived!: () => void;
	private markHangingClosed!: () => void;

	constructor() {
		this.hangingRequestArrived = new Promise((resolve) => (this.markHangingArrived = resolve));
		this.hangingRequestClosed = new Promise((resolve) => (this.markHangingClosed = resolve));
	}

	async start() {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		return this;
	}

	url(pathname: string) {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${pathname}`;
	}

	async stop() {
		this.server.closeAllConnections();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}

	private handle(req: http.IncomingMessage, res: http.ServerResponse) {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			this.received.push({ method: req.method, url: req.url, headers: req.headers, body });
			if (req.url?.startsWith('/hang')) {
				res.on('close', () => this.markHangingClosed());
				this.markHangingArrived();
				return;
			}
			const status = req.url?.startsWith('/fail') ? 500 : 200;
			res.writeHead(status, { 'content-type': 'application/json' });
			res.end(JSON.stringify({ echoed: JSON.parse(body || '{}') }));
		});
	}
}

function echoRun(server: EchoServer, overrides: Partial<NodeRunOptions> & { parameters?: object } = {}) {
	const { parameters, ...rest } = overrides;
	return {
		packageDir: ECHO_PACKAGE,
		node: {
			type: 'echoRequest',
			parameters: { url: server.url('/echo'), message: '={{ $json.greeting }} from {{ $json.name }}', ...parameters },
		},
		items: [{ greeting: 'hello', name: 'one' }],
		credentials: CREDENTIALS,
		...rest,
	} as NodeRunOptions;
}

describe('test harness (n8n-core WorkflowExecute)', () => {
	let server: EchoServer;

	beforeEach(async () => {
		server = await new EchoServer().start();
	});

	afterEach(async () => {
		await server.stop();
	});

	it('loads node and credential types from the package directory with n8n-core', async () => {
		const types = await loadPackageNodeTypes(ECHO_PACKAGE);
		expect(types.packageName).toBe('n8n-nodes-harness-echo');
		expect(types.fullNodeType('echoRequest')).toBe('n8n-nodes-harness-echo.echoRequest');
		expect(types.getByNameAndVersion(ITEM_SOURCE_NODE_TYPE).description.name).toBe('itemSource');
		expect(types.credentialTypeNames()).toEqual(['echoApi']);
		expect(types.nodesByCredential.echoApi).toEqual(['n8n-nodes-harness-echo.echoRequest']);
	});

	it('feeds items through the node in order, with pairedItem and per-item expressions', async () => {
		const result = await runNodeWorkflow(
			echoRun(server, {
				items: [
					{ greeting: 'hello', name: 'one' },
					{ json: { greeting: 'hi', name: 'two' } },
					{ greeting: 'hey', name: 'three' },
				],
			}),
		);

		expect(result.executionStatus).toBe('success');
		expect(result.error).toBeUndefined();
		expect(result.output.map((item) => item.json.message)).toEqual(['hello from one', 'hi from two', 'hey from three']);
		expect(result.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(server.received.map((request) => JSON.parse(request.body))).toEqual([
			{ message: 'hello from one' },
			{ message: 'hi from two' },
			{ message: 'hey from three' },
		]);
		// The source node's items are in runData too, so lineage can be followed back.
		expect(result.runData['Test Items'][0].data?.main[0]?.map((item) => item.json.name)).toEqual([
			'one',
			'two',
			'three',
		]);
	});

	it('applies the credential generic authenticate like the n8n server (Basic auth, headers, qs, defaults)', async () => {
		const result = await runNodeWorkflow(echoRun(server));

		expect(result.executionStatus).toBe('success');
		expect(server.received).toHaveLength(1);
		const [request] = server.received;
		expect(request.headers.authorization).toBe(BASIC_AUTH);
		expect(request.headers['x-echo-user']).toBe('alice');
		// 'region' was not given: the credential type's default was filled in before authenticating.
		expect(request.headers['x-echo-region']).toBe('eu-default');
		expect(request.url).toBe('/echo?client=echo-fixture');
	});

	it('resolves expressions inside stored credential values, as n8n does', async () => {
		await runNodeWorkflow(echoRun(server, { credentials: { echoApi: { user: '={{ "bo" + "b" }}', secret: 'x' } } }));
		expect(server.received[0].headers['x-echo-user']).toBe('bob');
		expect(server.received[0].headers.authorization).toBe(`Basic ${Buffer.from('bob:x').toString('base64')}`);
	});

	it('turns a failing item into an output item with continueOnFail and keeps the others', async () => {
		const result = await runNodeWorkflow(
			echoRun(server, {
				node: {
					type: 'echoRequest',
					continueOnFail: true,
					parameters: { url: server.url('/echo'), message: '={{ $json.greeting }}' },
				},
				items: [{ greeting: 'first' }, { greeting: '' }, { greeting: 'third' }],
			}),
		);

		expect(result.executionStatus).toBe('success');
		expect(result.output.map((item) => item.json)).toEqual([
			expect.objectContaining({ message: 'first' }),
			{ error: 'The message is empty' },
			expect.objectContaining({ message: 'third' }),
		]);
		expect(result.output[1].pairedItem).toEqual({ item: 1 });
		expect(server.received).toHaveLength(2);
	});

	it('reports the node error as the execution error without continueOnFail', async () => {
		const result = await runNodeWorkflow(echoRun(server, { parameters: { url: server.url('/fail') } }));

		expect(result.executionStatus).toBe('error');
		expect(result.output).toEqual([]);
		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as { httpCode?: string }).httpCode).toBe('500');
		expect(result.nodeError?.message).toBe(result.error?.message);
		expect(JSON.stringify(result.error)).not.toContain('fixture-secret-4711');
	});

	it('cancels a node that waits with sleep: its getExecutionCancelSignal() fires', async () => {
		const run = startNodeWorkflow(echoRun(server, { parameters: { operation: 'waitUntilCancelled' } }));
		// Cancelled only once the node is running, so this proves the node itself saw the signal.
		expect(await run.nodeStarted).toBe(true);
		run.cancel();
		const result = await run.result;

		expect(result.executionStatus).toBe('canceled');
		expect(result.error?.name).toBe('ManualExecutionCancelledError');
		// n8n drops the output of a node that ends after a cancel, so the fixture logs that it stopped.
		expect(result.logs.map((line) => line.message)).toContain('Wait stopped by cancellation');
	});

	it('cancels through an AbortSignal and aborts the node request in flight', async () => {
		const controller = new AbortController();
		const running = runNodeWorkflow(
			echoRun(server, { parameters: { url: server.url('/hang') }, signal: controller.signal }),
		);
		await server.hangingRequestArrived;
		controller.abort();
		const result = await running;

		await server.hangingRequestClosed;
		expect(result.executionStatus).toBe('canceled');
	});

	it('stops like an n8n workflow timeout with timeoutMs', async () => {
		const result = await runNodeWorkflow(
			echoRun(server, { parameters: { operation: 'waitUntilCancelled' }, timeoutMs: 50 }),
		);
		expect(result.executionStatus).toBe('canceled');
		expect(result.error?.name).toBe('TimeoutExecutionCancelledError');
	});

	it('captures every log line of the run, node logs included', async () => {
		const result = await runNodeWorkflow(echoRun(server));

		const lines = result.logs.map((line) => line.text);
		expect(lines).toContainEqual(expect.stringContaining(`Echo request {"url":"${server.url('/echo')}"`));
		expect(lines).toContainEqual(expect.stringContaining('Workflow execution finished successfully'));
		expect(result.logs.find((line) => line.message === 'Echo request')?.level).toBe('info');
	});

	it('passes input binary data to the node and keeps output binary data in memory by default', async () => {
		const result = await runNodeWorkflow(
			echoRun(server, {
				parameters: { attachBinary: true },
				items: [
					{
						json: { greeting: 'file', name: 'x' },
						binary: {
							data: { data: Buffer.from('12345').toString('base64'), mimeType: 'image/png', fileName: 'a.png' },
						},
					},
				],
			}),
		);

		expect(result.executionStatus).toBe('success');
		expect(result.output[0].json.inputBinaryBytes).toBe(5);
		const echo = result.output[0].binary?.echo;
		expect(echo?.id).toBeUndefined();
		expect(JSON.parse(Buffer.from(echo!.data, 'base64').toString('utf8'))).toEqual({
			echoed: { message: 'file from x' },
		});
	});

	it('stores binary data on disk in filesystem mode', async () => {
		const result = await runNodeWorkflow(
			echoRun(server, { parameters: { attachBinary: true }, binaryData: { mode: 'filesystem' } }),
		);

		expect(result.executionStatus).toBe('success');
		const echo = result.output[0].binary?.echo;
		expect(echo?.id).toMatch(/^filesystem/);
		expect(echo?.directory ?? echo?.id).toBeDefined();
		const { Container } = await import('@n8n/di');
		const { BinaryDataService } = await import('n8n-core');
		const service = Container.get(BinaryDataService);
		expect(existsSync(service.getPath(echo!.id!))).toBe(true);
		expect(JSON.parse((await service.getAsBuffer(echo!)).toString('utf8'))).toEqual({
			echoed: { message: 'hello from one' },
		});

		// Back to the default for the rest of the process.
		const back = await runNodeWorkflow(echoRun(server, { parameters: { attachBinary: true } }));
		expect(back.output[0].binary?.echo.id).toBeUndefined();
	});
});
