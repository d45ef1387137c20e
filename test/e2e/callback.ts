/* eslint-disable @n8n/community-nodes/no-restricted-imports, no-console -- Node test tooling, not n8n runtime code */
/**
 * Wait Mode "Callback" end to end in a real n8n 2.40.7: the packed package is installed as a community node, a
 * webhook-started workflow runs Create and Wait in callback mode against the fake Tomoviee API, the execution waits
 * in n8n's database, and the fake's call to the resume URL resumes it. Checked: one call, two calls (no second run),
 * no call (the maximum wait passes and the node fails with the polling timeout error), foreign and unsigned calls to
 * the resume URL (refused, the execution keeps waiting), several items (one wait, resumed by the last callback), and
 * that the output equals polling mode's; every way Tomoviee may call (GET without a body, POST, PUT, extra query
 * parameters, a task id in the query).
 *
 * Usage: tsx test/e2e/callback.ts [--skip-build] [--keep] [--only <scenario name>]... (names as in main(), e.g.
 * --only "every method")
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';

import { startFakeTomoviee, tomovieeCredentialFor, type FakeTomoviee } from '../fake-tomoviee';
import type { CheckScope } from './lib/checks';
import { fakeAppKeyAndSecret, packWhileInstalling, ScriptRun } from './lib/e2eScript';
import { NODE_TYPE } from './lib/fixtures';
import { installCommunityPackage, startN8n, type N8nServer } from './lib/n8nServer';
import { until } from './lib/polling';
import { callProductionWebhook, N8nRestClient, type ExecutionSummary } from './lib/restClient';
import { N8N2 } from './lib/versions';

const IMAGE_URL = 'https://images.example.com/photos/fox.jpg';

/** Items the workflow's last node posts back here: what the Tomoviee node output, one request per item. */
class ReportReceiver {
	readonly reports: Array<{ workflow: string; json: Record<string, unknown> }> = [];
	private server = http.createServer((request, response) => {
		let body = '';
		request.on('data', (chunk: Buffer) => (body += chunk.toString()));
		request.on('end', () => {
			const workflow = new URL(request.url ?? '/', 'http://x').searchParams.get('workflow') ?? '';
			try {
				this.reports.push({ workflow, json: JSON.parse(body) as Record<string, unknown> });
			} catch {
				this.reports.push({ workflow, json: { unparsable: body } });
			}
			response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
		});
	});
	url = '';

	async start() {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		const address = this.server.address();
		this.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
	}

	of(workflow: string) {
		return this.reports.filter((report) => report.workflow === workflow).map((report) => report.json);
	}

	async close() {
		await new Promise((resolve) => this.server.close(resolve));
	}
}

interface Scenario {
	name: string;
	waitMode: 'callback' | 'poll';
	maxWaitMinutes?: number;
	continueOnFail?: boolean;
	returnAs?: 'url' | 'binary';
}

/** Webhook (POST {prompts: [...]}) -> Code (one item per prompt) -> Tomoviee Create and Wait -> HTTP report. */
function workflowFor(scenario: Scenario, credentialId: string, reportUrl: string) {
	const webhookPath = `tomoviee-e2e-${scenario.name}-${randomBytes(4).toString('hex')}`;
	const nodes = [
		{
			id: randomUUID(),
			name: 'Start',
			type: 'n8n-nodes-base.webhook',
			typeVersion: 2,
			position: [0, 0],
			webhookId: randomUUID(),
			parameters: { httpMethod: 'POST', path: webhookPath, responseMode: 'onReceived', options: {} },
		},
		{
			id: randomUUID(),
			name: 'One Item per Prompt',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: 'return $input.first().json.body.prompts.map((prompt) => ({ json: { prompt } }));' },
		},
		{
			id: randomUUID(),
			name: 'Tomoviee',
			type: NODE_TYPE,
			typeVersion: 1,
			position: [440, 0],
			webhookId: randomUUID(),
			...(scenario.continueOnFail ? { onError: 'continueRegularOutput' } : {}),
			credentials: { tomovieeApi: { id: credentialId, name: 'Tomoviee (fake)' } },
			parameters: {
				operation: 'createAndWait',
				prompt: '={{ $json.prompt }}',
				imageUrl: IMAGE_URL,
				waitMode: scenario.waitMode,
				...(scenario.returnAs ? { returnAs: scenario.returnAs } : {}),
				options: { pollIntervalSeconds: 1, maxWaitMinutes: scenario.maxWaitMinutes ?? 5 },
			},
		},
		{
			id: randomUUID(),
			name: 'Report',
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			position: [660, 0],
			parameters: {
				method: 'POST',
				url: `${reportUrl}/report?workflow=${scenario.name}`,
				sendBody: true,
				specifyBody: 'json',
				jsonBody: '={{ JSON.stringify($json) }}',
				options: {},
			},
		},
	];
	const connections = {
		Start: { main: [[{ node: 'One Item per Prompt', type: 'main', index: 0 }]] },
		'One Item per Prompt': { main: [[{ node: 'Tomoviee', type: 'main', index: 0 }]] },
		Tomoviee: { main: [[{ node: 'Report', type: 'main', index: 0 }]] },
	};
	return {
		webhookPath,
		body: {
			name: `e2e callback: ${scenario.name}`,
			nodes,
			connections,
			settings: { executionOrder: 'v1' },
			active: false,
		},
	};
}

class Harness {
	constructor(
		readonly server: N8nServer,
		readonly client: N8nRestClient,
		readonly fake: FakeTomoviee,
		readonly receiver: ReportReceiver,
		readonly credentialId: string,
	) {}

	async deploy(scenario: Scenario) {
		const { webhookPath, body } = workflowFor(scenario, this.credentialId, this.receiver.url);
		return { workflowId: await this.client.deployWorkflow(body), webhookPath };
	}

	async start(webhookPath: string, prompts: string[]) {
		// Activation registers the production webhook shortly after the REST call returns.
		await callProductionWebhook(this.server.baseUrl, webhookPath, { prompts }, 30_000);
	}

	/** The first execution of the workflow that is in one of `statuses`, once there is one. */
	async executionIn(workflowId: string, statuses: string[], timeoutMs = 60_000): Promise<ExecutionSummary> {
		const [execution] = await this.client.executionsIn(workflowId, 1, statuses, timeoutMs, 500);
		return execution;
	}

	/** The resume URL the node gave Tomoviee: the `callback` of the create request of the task with this prompt. */
	callbackOf(prompt: string): { taskId: string; url: string } {
		const create = this.fake
			.requests({ route: 'create' })
			.find((request) => (request.body as { prompt?: string })?.prompt === prompt);
		const url = (create?.body as { callback?: string } | undefined)?.callback;
		if (!create?.taskId || !url) throw new Error(`no create request with a callback for prompt "${prompt}"`);
		return { taskId: create.taskId, url };
	}
}

async function oneCallback(check: CheckScope, h: Harness) {
	const poll = await h.deploy({ name: 'poll', waitMode: 'poll' });
	const callback = await h.deploy({ name: 'once', waitMode: 'callback' });
	h.fake.configure({ queueMs: 500, processingMs: 2500, callbackMode: 'once' });
	await h.start(poll.webhookPath, ['a fox, polled']);
	await h.start(callback.webhookPath, ['a fox, called back']);

	const waiting = await h.executionIn(callback.workflowId, ['waiting'], 30_000);
	check.ok('the execution waits in n8n (no worker held) until Tomoviee calls', waiting.status === 'waiting');
	const { taskId, url } = h.callbackOf('a fox, called back');
	check.ok(
		"the node gave Tomoviee the execution's resume URL (webhook-waiting, with the resume token) as callback",
		url.startsWith(`${h.server.baseUrl}/webhook-waiting/${waiting.id}`) && /[?&]signature=/.test(url),
		url,
	);
	const done = await h.executionIn(callback.workflowId, ['success', 'error'], 60_000);
	check.ok('the callback resumed the execution, which succeeded', done.status === 'success', JSON.stringify(done));
	await h.executionIn(poll.workflowId, ['success', 'error'], 60_000);
	const [called] = h.receiver.of('once');
	const [polled] = h.receiver.of('poll');
	check.ok(
		'the resumed node output the succeeded task with its video URL',
		called?.taskId === taskId && called?.status === 'succeeded' && called?.videoUrl === h.fake.videoUrl(taskId),
		JSON.stringify(called),
	);
	const sameShape = (json: Record<string, unknown> | undefined) =>
		json && { ...json, taskId: '', videoUrl: '', videoUrls: [], translatedPrompt: '' };
	check.ok(
		'callback mode outputs exactly what polling mode outputs (fields and values, apart from the task itself)',
		JSON.stringify(sameShape(called)) === JSON.stringify(sameShape(polled)),
		`callback: ${JSON.stringify(called)}\npoll:     ${JSON.stringify(polled)}`,
	);
	const statusQueries = h.fake.requests({ route: 'query', taskId }).length;
	check.ok(
		'callback mode did not poll: one status query, made on the callback',
		statusQueries === 1,
		`${statusQueries} queries`,
	);
	const deliveries = h.fake.callbacks().filter((delivery) => delivery.taskId === taskId);
	check.ok(
		"n8n answered Tomoviee's call with 200",
		deliveries.length === 1 && deliveries[0].statusCode === 200,
		JSON.stringify(deliveries),
	);
}

/**
 * One task whose end Tomoviee reports twice, `gapMs` apart: runs the workflow until both calls were answered (and
 * two seconds more, for a second run to show), then returns the calls, the executions and the outputs.
 */
async function calledBackTwice(h: Harness, name: string, gapMs: number) {
	const flow = await h.deploy({ name, waitMode: 'callback' });
	h.fake.configure({ queueMs: 300, processingMs: 1500, callbackMode: 'twice', callbackRepeatGapMs: gapMs });
	const prompt = `a fox, called back twice ${gapMs} ms apart`;
	await h.start(flow.webhookPath, [prompt]);
	await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
	const { taskId } = h.callbackOf(prompt);
	const answered = () =>
		h.fake.callbacks().filter((delivery) => delivery.taskId === taskId && (delivery.statusCode || delivery.error));
	await until('both callbacks answered', async () => (answered().length >= 2 ? true : undefined), 20_000, 500);
	await sleep(2000);
	return {
		deliveries: h.fake.callbacks().filter((delivery) => delivery.taskId === taskId),
		executions: await h.client.executions(flow.workflowId),
		outputs: h.receiver.of(name),
	};
}

async function duplicateCallback(check: CheckScope, h: Harness) {
	const { deliveries, executions, outputs } = await calledBackTwice(h, 'twice', 1500);
	check.ok(
		'a duplicate callback starts no second execution',
		executions.length === 1 && executions[0].status === 'success',
		JSON.stringify(executions),
	);
	check.ok('and produces no second output', outputs.length === 1, JSON.stringify(outputs));
	check.ok(
		'n8n refuses the second call (the execution has already resumed)',
		deliveries.length === 2 && deliveries[0].statusCode === 200 && (deliveries[1].statusCode ?? 0) >= 400,
		JSON.stringify(deliveries.map((d) => ({ attempt: d.attempt, statusCode: d.statusCode, error: d.error }))),
	);
}

/** Two calls 50 ms apart: both may reach webhook() before n8n marks the execution running; still one run. */
async function nearSimultaneousCallbacks(check: CheckScope, h: Harness) {
	const { deliveries, executions, outputs } = await calledBackTwice(h, 'twice-fast', 50);
	const codes = deliveries.map((d) => d.statusCode ?? d.error);
	check.ok(
		'two near-simultaneous calls: one execution, succeeded',
		executions.length === 1 && executions[0].status === 'success',
		JSON.stringify(executions),
	);
	check.ok(
		'and exactly one output',
		outputs.length === 1,
		`${outputs.length} outputs; answers ${JSON.stringify(codes)}`,
	);
}

/** Return As Binary File on resume: the download runs in the webhook context of a real n8n. */
async function binaryOnResume(check: CheckScope, h: Harness) {
	const flow = await h.deploy({ name: 'binary', waitMode: 'callback', returnAs: 'binary' });
	h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'once', videoSizeBytes: 3_000_001 });
	await h.start(flow.webhookPath, ['a fox, as a file']);
	const done = await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
	const [json] = h.receiver.of('binary');
	const { taskId } = h.callbackOf('a fox, as a file');
	check.ok(
		'Return As Binary File in callback mode: the resumed node downloaded the whole video',
		done.status === 'success' &&
			json?.fileSize === 3_000_001 &&
			json?.fileName === `${taskId}.mp4` &&
			json?.mimeType === 'video/mp4',
		JSON.stringify({ done, json }),
	);
	const text = await h.client.executionText(done.id);
	check.ok(
		'the execution stored the file as binary data of the node',
		text.includes(`${taskId}.mp4`) && text.includes('video/mp4'),
	);
}

async function refusedCalls(check: CheckScope, h: Harness, flow: { workflowId: string }, prompt: string) {
	const waiting = await h.executionIn(flow.workflowId, ['waiting'], 30_000);
	const { taskId, url } = h.callbackOf(prompt);
	const post = async (target: string, body: unknown) =>
		(
			await fetch(target, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify(body),
			})
		).status;
	const unsigned = new URL(url);
	unsigned.searchParams.delete('signature');
	const forged = new URL(url);
	forged.searchParams.set(
		'signature',
		randomBytes(16)
			.toString('hex')
			.slice(0, forged.searchParams.get('signature')?.length ?? 32),
	);
	const unsignedStatus = await post(unsigned.toString(), { task_id: taskId, status: 3 });
	const forgedStatus = await post(forged.toString(), { task_id: taskId, status: 3 });
	const foreignStatus = await post(url, { task_id: 'tm_img2video_b-0-not-this-execution', status: 3 });
	check.ok(
		'a call to the resume URL without the resume token is refused (401)',
		unsignedStatus === 401,
		String(unsignedStatus),
	);
	check.ok('a call with a wrong resume token is refused (401)', forgedStatus === 401, String(forgedStatus));
	check.ok('a signed call for another task_id is refused (403)', foreignStatus === 403, String(foreignStatus));
	const still = (await h.client.executions(flow.workflowId)).find((execution) => execution.id === waiting.id);
	check.ok('after the refused calls the execution still waits', still?.status === 'waiting', JSON.stringify(still));
}

async function missingCallback(check: CheckScope, h: Harness) {
	// 0.25 minutes: n8n's wait tracker looks for due executions once a minute, so the end comes within about 75 s.
	const flow = await h.deploy({ name: 'never', waitMode: 'callback', maxWaitMinutes: 0.25 });
	h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'never' });
	const prompt = 'a fox, never called back';
	await h.start(flow.webhookPath, [prompt]);
	await refusedCalls(check, h, flow, prompt);
	const { taskId } = h.callbackOf(prompt);
	const ended = await h.executionIn(flow.workflowId, ['success', 'error', 'crashed'], 150_000);
	const text = await h.client.executionText(ended.id);
	check.ok(
		'when the maximum wait passes without a call, the execution ends in error',
		ended.status === 'error',
		JSON.stringify(ended),
	);
	check.ok(
		"with polling mode's timeout error, naming the task",
		text.includes(`Tomoviee task ${taskId} did not finish within the maximum wait of 0.25 minutes`),
		text.slice(0, 600),
	);
	check.ok('and no output reached the next node', h.receiver.of('never').length === 0);
}

/** A signed call that names no task is a signal (the callback body is undocumented): the node reads its task. */
async function signalWithoutTaskId(check: CheckScope, h: Harness) {
	const flow = await h.deploy({ name: 'signal', waitMode: 'callback' });
	h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'never' });
	const prompt = 'a fox, woken by a bare signal';
	await h.start(flow.webhookPath, [prompt]);
	await h.executionIn(flow.workflowId, ['waiting'], 30_000);
	const { taskId, url } = h.callbackOf(prompt);
	// The task ends about a second after its creation; the call comes after that.
	await sleep(2000);
	const answer = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: '{"hello":"world"}',
	});
	check.ok('a signed call without any task_id is a signal, not refused', answer.status === 200, String(answer.status));
	const done = await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
	const [json] = h.receiver.of('signal');
	check.ok(
		'the signal resumed the execution with the finished task',
		done.status === 'success' && json?.taskId === taskId && json?.status === 'succeeded',
		JSON.stringify({ done, json }),
	);
}

/**
 * Tomoviee documents neither the callback's method nor whether it appends to the URL: each way it may call must
 * resume the execution. One workflow per way, run one after the other (the fake's switches are global).
 */
async function everyMethod(check: CheckScope, h: Harness) {
	const ways: Array<{ name: string; switches: Parameters<FakeTomoviee['configure']>[0] }> = [
		{ name: 'get', switches: { callbackMethod: 'GET', callbackBody: 'empty', callbackQuery: {} } },
		{ name: 'post', switches: { callbackMethod: 'POST', callbackBody: 'flat', callbackQuery: {} } },
		{ name: 'put', switches: { callbackMethod: 'PUT', callbackBody: 'flat', callbackQuery: {} } },
		{
			name: 'get-query',
			switches: {
				callbackMethod: 'GET',
				callbackBody: 'empty',
				callbackQuery: { task_id: '{task_id}', status: '{status}', source: 'tomoviee' },
			},
		},
		{
			name: 'post-query',
			switches: { callbackMethod: 'POST', callbackBody: 'flat', callbackQuery: { task_id: '{task_id}', n: '1' } },
		},
	];
	try {
		for (const { name, switches } of ways) {
			const flow = await h.deploy({ name, waitMode: 'callback' });
			h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'once', ...switches });
			const prompt = `a fox, called back by ${name}`;
			await h.start(flow.webhookPath, [prompt]);
			const done = await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
			const { taskId } = h.callbackOf(prompt);
			const [json] = h.receiver.of(name);
			const [delivery] = h.fake.callbacks().filter((call) => call.taskId === taskId);
			const label = `${switches.callbackMethod} ${switches.callbackBody === 'empty' ? 'without' : 'with'} a body${
				Object.keys(switches.callbackQuery ?? {}).length > 0 ? ' and extra query parameters' : ''
			}`;
			check.ok(
				`a callback by ${label} resumed the execution, which output the succeeded task`,
				done.status === 'success' && json?.taskId === taskId && json?.status === 'succeeded',
				JSON.stringify({ done, json }),
			);
			check.ok(
				`n8n answered that ${switches.callbackMethod} with 200`,
				delivery?.method === switches.callbackMethod && delivery.statusCode === 200,
				JSON.stringify(delivery),
			);
		}
	} finally {
		h.fake.configure({ callbackMethod: 'POST', callbackBody: 'flat', callbackQuery: {} });
	}
}

/** A task id in the query of a bodiless GET is read like one in a body: a foreign one is refused. */
async function taskIdInQuery(check: CheckScope, h: Harness) {
	const flow = await h.deploy({ name: 'query-task', waitMode: 'callback' });
	h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'never' });
	const prompt = 'a fox, named in the query';
	await h.start(flow.webhookPath, [prompt]);
	const waiting = await h.executionIn(flow.workflowId, ['waiting'], 30_000);
	const { taskId, url } = h.callbackOf(prompt);
	const naming = (id: string) => {
		const target = new URL(url);
		target.searchParams.append('task_id', id);
		return target.toString();
	};
	const foreign = await fetch(naming('tm_img2video_b-0-not-this-execution'));
	check.ok(
		'a signed GET naming another task in its query is refused (403)',
		foreign.status === 403,
		String(foreign.status),
	);
	const still = (await h.client.executions(flow.workflowId)).find((execution) => execution.id === waiting.id);
	check.ok('after it the execution still waits', still?.status === 'waiting', JSON.stringify(still));
	await sleep(2000);
	const own = await fetch(naming(taskId));
	check.ok('a signed GET naming its own task is answered 200', own.status === 200, String(own.status));
	const done = await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
	const [json] = h.receiver.of('query-task');
	check.ok(
		'and resumes the execution with the finished task',
		done.status === 'success' && json?.taskId === taskId && json?.status === 'succeeded',
		JSON.stringify({ done, json }),
	);
}

async function severalItems(check: CheckScope, h: Harness) {
	const flow = await h.deploy({ name: 'several', waitMode: 'callback' });
	h.fake.configure({ queueMs: 200, processingMs: 800, callbackMode: 'once' });
	const prompts = [
		'first fox [fake:duration=1500]',
		'second fox [fake:duration=4000]',
		'third fox [fake:callback=late]',
	];
	await h.start(flow.webhookPath, prompts);
	const done = await h.executionIn(flow.workflowId, ['success', 'error'], 60_000);
	const reports = h.receiver.of('several');
	const ids = prompts.map((prompt) => h.callbackOf(prompt).taskId);
	check.ok(
		'several items: one execution, resumed once every task has called back',
		done.status === 'success' && (await h.client.executions(flow.workflowId)).length === 1,
		JSON.stringify(done),
	);
	check.ok(
		'one output item per input item, in input order, all succeeded',
		reports.length === 3 && reports.every((json, index) => json.taskId === ids[index] && json.status === 'succeeded'),
		JSON.stringify(reports),
	);
	const answered = h.fake
		.callbacks()
		.filter((delivery) => ids.includes(delivery.taskId))
		.map((delivery) => delivery.statusCode);
	check.ok(
		'every callback was answered 200 (the early ones keep the execution waiting)',
		answered.length === 3 && answered.every((code) => code === 200),
		JSON.stringify(answered),
	);
}

async function main() {
	const { values: flags } = parseArgs({
		options: {
			'skip-build': { type: 'boolean', default: false },
			keep: { type: 'boolean', default: false },
			only: { type: 'string', multiple: true },
		},
	});
	const run = new ScriptRun('e2e callback', flags.keep);
	const check = run.checks.scope('[n8n 2.40.7 callback] ');
	const workDir = run.tempDir('tomoviee-e2e-callback-');
	let server: N8nServer | undefined;
	try {
		const { install, tarball } = await packWhileInstalling(N8N2, path.join(workDir, 'pack'), flags['skip-build']);
		const userFolder = path.join(workDir, 'n8n');
		await installCommunityPackage(install, userFolder, tarball, path.join(workDir, 'npm-install.log'));
		const { appKey, appSecret } = fakeAppKeyAndSecret();
		const fake = run.closeAtEnd(await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret }));
		const receiver = new ReportReceiver();
		await receiver.start();
		run.closeAtEnd(receiver);
		server = await startN8n(install, { userFolder, logLevel: 'info' });
		console.log(`n8n ${install.target.n8nVersion} at ${server.baseUrl}; fake Tomoviee at ${fake.url}`);
		const client = new N8nRestClient(server.baseUrl);
		await client.signInWhenReady();
		await client.untilNodeTypeListed(NODE_TYPE, 60_000);
		const credentialId = await client.createCredential({
			name: 'Tomoviee (fake)',
			type: 'tomovieeApi',
			data: tomovieeCredentialFor(fake),
		});
		const h = new Harness(server, client, fake, receiver, credentialId);

		for (const [name, scenario] of [
			['one callback', oneCallback],
			['duplicate callback', duplicateCallback],
			['several items', severalItems],
			['near-simultaneous duplicate', nearSimultaneousCallbacks],
			['binary on resume', binaryOnResume],
			['a signal without a task id', signalWithoutTaskId],
			['every method', everyMethod],
			['a task id in the query', taskIdInQuery],
			['missing callback', missingCallback],
		] as const) {
			if (flags.only && !flags.only.includes(name)) continue;
			console.log(`\n-- ${name}`);
			try {
				await scenario(check, h);
			} catch (error) {
				check.broken(name, error, `n8n log tail:\n${server.logTail(30)}`);
			}
		}
		const secretSeen = server.logTail(100_000).includes(appSecret);
		check.ok("the app secret never appears in n8n's log", !secretSeen);
	} catch (error) {
		check.broken('set-up', error, server ? `n8n log tail:\n${server.logTail(40)}` : '');
	} finally {
		await run.end();
	}
}

void main();
