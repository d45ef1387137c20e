/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * End-to-end proof in a real n8n: packs this package, installs the tarball into n8n the way the Community
 * Nodes panel does, and drives it against the fake Tomoviee API through the CLI, the REST API and the editor.
 *
 * Usage: tsx test/e2e/run.ts [--target n8n2] [--target n8n1] [--steps cli,rest,editor] [--skip-build] [--keep]
 *   default: --target n8n2 with every step. n8n1 (1.x on Node 20) runs the cli step unless --steps says more
 *   (the editor step is for n8n2 only).
 * Env: N8N_E2E_CACHE (cache folder for n8n installs), E2E_ARTIFACTS (screenshot folder, default .artifacts/e2e).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee/server';
import { Checks, elapsed, type CheckScope } from './lib/checks';
import { ARTIFACTS_DIR, fakeAppKeyAndSecret, keepExecuteLog, ScriptRun } from './lib/e2eScript';
import {
	batchWorkflow,
	credentialFor,
	FAKE_CREDENTIAL,
	NODE_TYPE,
	readExampleWorkflows,
	WORKFLOW_IDS,
	WRONG_SECRET_CREDENTIAL,
	wrongSecretWorkflow,
	writeImportFiles,
} from './lib/fixtures';
import { cacheRoot, ensureN8n, type N8nInstall } from './lib/n8nInstall';
import {
	describeCli,
	installCommunityPackage,
	makeTempDir,
	removeDir,
	runN8nCli,
	startN8n,
	type CliResult,
	type N8nServer,
} from './lib/n8nServer';
import { buildAndPack, REPO_ROOT } from './lib/packageTarball';
import { N8nRestClient } from './lib/restClient';
import { parseExecutionRun, type ExecutionRun } from './lib/runOutput';
import { TARGETS, type N8nTarget } from './lib/versions';

type Step = 'cli' | 'rest' | 'editor';

interface Options {
	targets: N8nTarget[];
	steps?: Set<Step>;
	skipBuild: boolean;
	keep: boolean;
}

function parseOptions(argv: string[]): Options {
	const { values } = parseArgs({
		args: argv,
		options: {
			target: { type: 'string', multiple: true, default: [] },
			steps: { type: 'string' },
			'skip-build': { type: 'boolean', default: false },
			keep: { type: 'boolean', default: false },
		},
	});
	const targets = values.target.map((id) => {
		const target = TARGETS[id as keyof typeof TARGETS];
		if (!target) throw new Error(`unknown --target ${id}; known: ${Object.keys(TARGETS).join(', ')}`);
		return target;
	});
	return {
		targets: targets.length ? targets : [TARGETS.n8n2],
		steps: values.steps === undefined ? undefined : new Set(values.steps.split(',') as Step[]),
		skipBuild: values['skip-build'],
		keep: values.keep,
	};
}

/** n8n2 runs every step by default; n8n1 the CLI step (steps 1-3 of the issue), more on request, never the editor. */
function stepsFor(target: N8nTarget, requested?: Set<Step>): Set<Step> {
	if (!requested) return new Set<Step>(target.id === 'n8n2' ? ['cli', 'rest', 'editor'] : ['cli']);
	return new Set([...requested].filter((step) => target.id === 'n8n2' || step !== 'editor'));
}

interface Context {
	fake: FakeTomoviee;
	appKey: string;
	appSecret: string;
	wrongSecret: string;
	tarball: string;
	workDir: string;
}

/** Every secret-bearing string that must never show up in anything n8n prints. */
function secretsOf(ctx: Context): string[] {
	const basic = (secret: string) => Buffer.from(`${ctx.appKey}:${secret}`).toString('base64');
	return [ctx.appSecret, ctx.wrongSecret, basic(ctx.appSecret), basic(ctx.wrongSecret)];
}

/**
 * What a user is shown of a failed run: the error's message and description. Deliberately not the whole output,
 * which also holds the workflow's parameters (the failing prompt carries its own reason as a fake directive).
 */
function errorText(run: ExecutionRun | undefined): string {
	return [run?.error?.message, run?.error?.description].filter(Boolean).join('\n');
}

/**
 * Issue 18's batch: image-to-video tasks of 62 s made together, answered with their status alone. Before batch-mates
 * re-planned each other they were found done 9.0 s late on average with 6 status queries each.
 */
const STATUS_ONLY_BATCH = { items: 6, taskMs: 62_000, maxQueriesPerTask: 7, maxMeanLagMs: 5000 };

function statusOnlyBatchWorkflow() {
	const prompts = Array.from(
		{ length: STATUS_ONLY_BATCH.items },
		(_, index) => `batch item ${index}: the camera slowly pushes in [fake:duration=${STATUS_ONLY_BATCH.taskMs}]`,
	);
	return batchWorkflow(WORKFLOW_IDS.statusOnlyBatch, prompts);
}

/** Status queries per task and mean lag (the fake's end of each task to the query that saw it), from the fake's log. */
function batchFigures(fake: FakeTomoviee, taskIds: string[]) {
	const queries = taskIds.map((taskId) => fake.requests({ route: 'query', taskId }));
	const lagsMs = taskIds.map((taskId, index) => {
		const task = fake.task(taskId);
		const endedAt = task ? task.createdAtMs + task.queueMs + task.processingMs : Number.POSITIVE_INFINITY;
		const seen = queries[index].find((query) => !query.fault && query.timeMs >= endedAt);
		return seen ? seen.timeMs - endedAt : Number.POSITIVE_INFINITY;
	});
	const meanLagMs = lagsMs.reduce((sum, lag) => sum + lag, 0) / Math.max(lagsMs.length, 1);
	return { queriesPerTask: queries.map((list) => list.length), lagsMs, meanLagMs };
}

async function cliStep(check: CheckScope, install: N8nInstall, userFolder: string, ctx: Context) {
	const importDir = path.join(userFolder, 'import');
	const files = writeImportFiles(
		importDir,
		[
			credentialFor(FAKE_CREDENTIAL, ctx.fake.url, ctx.appKey, ctx.appSecret),
			credentialFor(WRONG_SECRET_CREDENTIAL, ctx.fake.url, ctx.appKey, ctx.wrongSecret),
		],
		[...readExampleWorkflows(), wrongSecretWorkflow(), statusOnlyBatchWorkflow()],
	);
	const cli = (args: string[]) => runN8nCli(install, args, { userFolder, logLevel: 'info', timeoutMs: 240_000 });
	const secrets = secretsOf(ctx);
	const noSecrets = (label: string, result: CliResult) => {
		const leaked = secrets.filter((s) => result.stdout.includes(s) || result.stderr.includes(s));
		check.ok(
			`${label}: no app secret or Authorization value in n8n's output`,
			leaked.length === 0,
			`found ${leaked.length} secret string(s)`,
		);
	};

	const importedCredentials = await cli(['import:credentials', `--input=${files.credentialsFile}`]);
	if (!check.ok('import:credentials', importedCredentials.code === 0, describeCli(importedCredentials))) return;
	const importedWorkflows = await cli(['import:workflow', '--separate', `--input=${files.workflowsDir}`]);
	if (
		!check.ok(
			'import:workflow (examples + wrong-secret variant)',
			importedWorkflows.code === 0,
			describeCli(importedWorkflows),
		)
	)
		return;

	const execute = async (id: string) => {
		const result = await cli(['execute', `--id=${id}`, '--rawOutput']);
		// Kept for reading after a failure (checked below to hold no secret).
		keepExecuteLog(`${install.target.id}-execute-${id}.log`, result);
		return { result, run: parseExecutionRun(`${result.stdout}\n${result.stderr}`) };
	};

	// Create and Wait: the output item carries the fake's signed video URL for the task it created.
	{
		const { result, run } = await execute(WORKFLOW_IDS.createAndWait);
		const item = run?.nodes['Create video and wait']?.items[0];
		const taskId = String(item?.taskId ?? '');
		check.ok('Create and Wait: execution succeeds', result.code === 0 && !!run && !run.error, describeCli(result));
		check.ok(
			'Create and Wait: task exists on the fake server',
			!!taskId && !!ctx.fake.task(taskId),
			`taskId=${taskId}`,
		);
		check.ok(
			'Create and Wait: status succeeded with the fake video URL',
			item?.status === 'succeeded' && !!taskId && item?.videoUrl === ctx.fake.videoUrl(taskId),
			`item=${JSON.stringify(item)}`,
		);
		noSecrets('Create and Wait', result);
	}

	// Create then Get Status: the second node reads back the task the first one created.
	{
		const { result, run } = await execute(WORKFLOW_IDS.createThenGetStatus);
		const created = run?.nodes['Create video task']?.items[0];
		const status = run?.nodes['Get task status']?.items[0];
		check.ok(
			'Create then Get Status: execution succeeds',
			result.code === 0 && !!run && !run.error,
			describeCli(result),
		);
		check.ok(
			'Create then Get Status: Create outputs a queued task known to the fake',
			created?.status === 'queued' && typeof created?.taskId === 'string' && !!ctx.fake.task(created.taskId as string),
			`created=${JSON.stringify(created)}`,
		);
		check.ok(
			'Create then Get Status: Get Status returns the same task',
			!!created?.taskId && status?.taskId === created.taskId && typeof status?.status === 'string',
			`status=${JSON.stringify(status)}`,
		);
		noSecrets('Create then Get Status', result);
	}

	// A task the API reports as failed: the execution fails and names the task and the reason.
	{
		const before = new Set(ctx.fake.tasks().map((t) => t.taskId));
		const { result, run } = await execute(WORKFLOW_IDS.failingTask);
		const task = ctx.fake.tasks().find((t) => !before.has(t.taskId));
		const text = errorText(run);
		check.ok(
			'Failing task: execution fails (non-zero exit, run error)',
			result.code !== 0 && !!run?.error,
			describeCli(result),
		);
		check.ok(
			'Failing task: the fake created the task',
			!!task && task.outcome === 'fail',
			`task=${JSON.stringify(task?.taskId)}`,
		);
		check.ok(
			'Failing task: error names the task id',
			!!task && text.includes(task.taskId),
			`error=${run?.error?.message}`,
		);
		check.ok(
			'Failing task: error gives the reason',
			!!task && text.includes(task.failureReason),
			`reason=${task?.failureReason}; error=${run?.error?.message} / ${run?.error?.description}`,
		);
		noSecrets('Failing task', result);
	}

	// A status-only batch (n8n 2 only: its 62 s tasks add a minute): batch-mates re-plan each other when one is done.
	if (install.target.id === 'n8n2') {
		const before = new Set(ctx.fake.tasks().map((t) => t.taskId));
		ctx.fake.configure({ hints: 'statusOnly' });
		const { result, run } = await execute(WORKFLOW_IDS.statusOnlyBatch).finally(() =>
			ctx.fake.configure({ hints: 'all' }),
		);
		const items = run?.nodes['Create video and wait']?.items ?? [];
		const taskIds = ctx.fake
			.tasks()
			.filter((t) => !before.has(t.taskId))
			.map((t) => t.taskId);
		const { queriesPerTask, lagsMs, meanLagMs } = batchFigures(ctx.fake, taskIds);
		const figures =
			`queries per task ${JSON.stringify(queriesPerTask)}, lags ${JSON.stringify(lagsMs.map((lag) => lag / 1000))} s, ` +
			`mean lag ${(meanLagMs / 1000).toFixed(2)} s`;
		console.log(`  status-only batch: ${figures}`);
		check.ok(
			`Status-only batch: ${STATUS_ONLY_BATCH.items} items of ${STATUS_ONLY_BATCH.taskMs / 1000} s succeed, one task each`,
			result.code === 0 &&
				!run?.error &&
				taskIds.length === STATUS_ONLY_BATCH.items &&
				items.length === STATUS_ONLY_BATCH.items &&
				items.every((item) => item.status === 'succeeded'),
			`${describeCli(result)}\n${taskIds.length} tasks; items=${JSON.stringify(items).slice(0, 400)}`,
		);
		check.ok(
			`Status-only batch: at most ${STATUS_ONLY_BATCH.maxQueriesPerTask} status queries per task`,
			queriesPerTask.length > 0 && Math.max(...queriesPerTask) <= STATUS_ONLY_BATCH.maxQueriesPerTask,
			figures,
		);
		check.ok(
			`Status-only batch: found done at most ${STATUS_ONLY_BATCH.maxMeanLagMs / 1000} s late on average`,
			lagsMs.length > 0 && meanLagMs <= STATUS_ONLY_BATCH.maxMeanLagMs,
			figures,
		);
		noSecrets('Status-only batch', result);
	}

	// Wrong secret: the auth error with its hint, and the secret itself nowhere.
	{
		const { result, run } = await execute(WORKFLOW_IDS.wrongSecret);
		const text = errorText(run);
		check.ok('Wrong secret: execution fails', result.code !== 0 && !!run?.error, describeCli(result));
		check.ok(
			'Wrong secret: error carries code 140013',
			text.includes('140013'),
			`error=${run?.error?.message} / ${run?.error?.description}`,
		);
		check.ok(
			'Wrong secret: error hints to check the app key and secret',
			/check (the )?'?app key'? and '?(app )?secret'?/i.test(text),
			`error=${run?.error?.message} / ${run?.error?.description}`,
		);
		noSecrets('Wrong secret', result);
	}
}

async function restStep(check: CheckScope, server: N8nServer, ctx: Context): Promise<N8nRestClient | undefined> {
	const client = new N8nRestClient(server.baseUrl);
	await client.setupOwner();
	await client.login();
	check.ok('owner set up and logged in through the REST API', true);
	const types = await client.nodeTypeNames();
	check.ok(`n8n lists the node type ${NODE_TYPE}`, types.includes(NODE_TYPE), `${types.length} types, none matching`);
	await credentialTestRows(check, client, ctx);
	return client;
}

/** What n8n's credential dialog shows for a failed test, for each way a key or a gateway can be wrong. */
const KEY_ADVICE =
	/^Tomoviee rejected the app key or app secret \(code 140013(, HTTP 40[13])?\): copy the 'App Key' and 'App Secret' again from your app in the Tomoviee developer console/;
const NOT_GATEWAY = /did not answer like Tomoviee's gateway.*[Cc]heck 'Gateway' \(or 'Base URL' for a custom gateway\)/;

interface CredentialTestRow {
	label: string;
	/** Fake switches for this row (reset after it). */
	switches?: Parameters<FakeTomoviee['configure']>[0];
	wrongSecret?: boolean;
	/** A base URL instead of the fake's (a refused connection). */
	baseUrl?: string;
	expect: 'OK' | RegExp;
}

/**
 * Every row through n8n's own REST credential test (POST /rest/credentials/test, what the dialog's Test button calls),
 * each on a credential saved first (n8n tests stored credentials only). Prints the message a user sees per row.
 */
async function credentialTestRows(check: CheckScope, client: N8nRestClient, ctx: Context): Promise<void> {
	const closedPort = await freeClosedPort();
	const rows: CredentialTestRow[] = [
		...([200, 400, 404] as const).map((status): CredentialTestRow => ({
			label: `good key, unknown task answered HTTP ${status} in the envelope`,
			switches: { unknownTaskStatus: status },
			expect: 'OK',
		})),
		...([200, 401, 403] as const).map((status): CredentialTestRow => ({
			label: `wrong secret, 140013 on HTTP ${status}`,
			switches: { authFailureStatus: status },
			wrongSecret: true,
			expect: KEY_ADVICE,
		})),
		{ label: 'not the gateway: an HTML page', switches: { foreignHost: 'htmlPage' }, expect: NOT_GATEWAY },
		{
			label: "not the gateway: plain text '404 page not found'",
			switches: { foreignHost: 'plainText404' },
			expect: NOT_GATEWAY,
		},
		{
			label: 'not the gateway: JSON without the envelope',
			switches: { foreignHost: 'otherJson' },
			expect: NOT_GATEWAY,
		},
		{
			label: 'refused connection',
			baseUrl: `http://127.0.0.1:${closedPort}`,
			expect: /^Could not reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\): check 'Gateway'/,
		},
	];
	const secrets = secretsOf(ctx);
	const testRow = async (row: CredentialTestRow, index: number) => {
		const secret = row.wrongSecret ? ctx.wrongSecret : ctx.appSecret;
		const { type, data } = credentialFor(FAKE_CREDENTIAL, row.baseUrl ?? ctx.fake.url, ctx.appKey, secret);
		const name = `e2e credential test ${index + 1}: ${row.label}`;
		const id = await client.createCredential({ name, type, data });
		return await client.testCredential({ id, name, type, data });
	};
	for (const [index, row] of rows.entries()) {
		ctx.fake.reset();
		if (row.switches) ctx.fake.configure(row.switches);
		try {
			const result = await testRow(row, index);
			console.log(`    credential test, ${row.label}: ${result?.status} "${result?.message}"`);
			const passed =
				row.expect === 'OK'
					? result?.status === 'OK'
					: result?.status === 'Error' && row.expect.test(String(result.message));
			check.ok(
				`credential test, ${row.label}: ${row.expect === 'OK' ? 'OK' : `Error ${row.expect}`}`,
				passed,
				JSON.stringify(result),
			);
			check.ok(
				`credential test, ${row.label}: no secret or Authorization value in the answer`,
				!secrets.some((s) => JSON.stringify(result).includes(s)),
			);
			if (!row.baseUrl) {
				check.ok(
					`credential test, ${row.label}: one task query reached the fake`,
					ctx.fake.countRequests({ route: 'query' }) === 1,
					JSON.stringify(ctx.fake.requests().map((r) => `${r.method} ${r.path}`)),
				);
			}
		} finally {
			ctx.fake.reset();
		}
	}
	// A gateway that redirects elsewhere: the test must not follow it with the key and secret.
	const elsewhere = await startRecordingServer();
	try {
		ctx.fake.configure({ faults: [{ target: 'query', kind: 'redirect', location: elsewhere.url }] });
		const redirected = await testRow({ label: 'redirecting gateway', expect: NOT_GATEWAY }, rows.length);
		console.log(`    credential test, redirecting gateway: ${redirected?.status} "${redirected?.message}"`);
		check.ok(
			"credential test, redirecting gateway: Error, not Tomoviee's gateway",
			redirected?.status === 'Error' && NOT_GATEWAY.test(String(redirected.message)),
			JSON.stringify(redirected),
		);
		check.ok(
			'credential test, redirecting gateway: the redirect target receives no request (no key, no secret)',
			elsewhere.requests.length === 0,
			JSON.stringify(elsewhere.requests),
		);
	} finally {
		ctx.fake.reset();
		await elsewhere.close();
	}
}

/** A loopback port nothing listens on (taken, then released). */
async function freeClosedPort(): Promise<number> {
	const server = http.createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	await new Promise((resolve) => server.close(resolve));
	return port;
}

async function runTarget(
	checks: Checks,
	target: N8nTarget,
	steps: Set<Step>,
	ctx: Context,
	options: Options,
	pendingInstall: Promise<N8nInstall>,
) {
	const check = checks.scope(`[${target.id} n8n ${target.n8nVersion}] `);
	console.log(`\n== ${target.id}: n8n ${target.n8nVersion} (${[...steps].join(', ')})`);
	let install: N8nInstall;
	try {
		const started = Date.now();
		install = await pendingInstall;
		console.log(
			`  n8n ready at ${install.dir} on node ${install.runtime.version} (waited ${Math.round((Date.now() - started) / 1000)} s)`,
		);
	} catch (error) {
		check.broken('install n8n', error);
		return;
	}
	const userFolder = makeTempDir(`tomoviee-e2e-${target.id}-`);
	let server: N8nServer | undefined;
	try {
		try {
			await installCommunityPackage(install, userFolder, ctx.tarball, path.join(userFolder, 'npm-install.log'));
			check.ok('package tarball installed into <user folder>/.n8n/nodes (as the Community Nodes panel does)', true);
		} catch (error) {
			check.broken('install the package tarball', error);
			return;
		}
		if (steps.has('cli')) {
			try {
				await cliStep(check, install, userFolder, ctx);
			} catch (error) {
				check.broken('CLI workflows', error);
			}
		}
		if (steps.has('rest') || steps.has('editor')) {
			try {
				server = await startN8n(install, { userFolder, logLevel: 'info' });
				console.log(`  n8n ${target.n8nVersion} serving ${server.baseUrl} (pid ${server.pid}, ${elapsed()})`);
			} catch (error) {
				check.broken('start n8n', error);
				return;
			}
			let client: N8nRestClient | undefined;
			try {
				client = await restStep(check, server, ctx);
			} catch (error) {
				check.broken('REST API', error, `n8n log tail:\n${server.logTail(40)}`);
			}
			if (steps.has('editor') && client) {
				try {
					const { editorStep } = await import('./lib/editor');
					await editorStep(check, server, ctx.fake, ARTIFACTS_DIR);
				} catch (error) {
					check.broken('editor in Chromium', error, `n8n log tail:\n${server.logTail(40)}`);
				}
			}
		}
	} finally {
		if (server) {
			await server.stop();
			console.log(`  n8n stopped (${elapsed()})`);
		}
		if (options.keep) console.log(`  kept user folder ${userFolder}`);
		else removeDir(userFolder);
	}
}

async function main() {
	const options = parseOptions(process.argv.slice(2));
	const run = new ScriptRun('e2e', options.keep);
	const workDir = run.tempDir('tomoviee-e2e-');
	try {
		console.log(`e2e: cache ${cacheRoot()}; work folder ${workDir}`);
		// Installs are mostly download time: all targets install at once, while the package builds.
		const installs = options.targets.map((target) => {
			const pending = ensureN8n(target);
			pending.catch(() => undefined);
			return pending;
		});
		const tarball = await buildAndPack(path.join(workDir, 'pack'), { skipBuild: options.skipBuild });
		console.log(`e2e: packed ${path.relative(REPO_ROOT, tarball) || tarball}`);
		const { appKey, appSecret } = fakeAppKeyAndSecret();
		const wrongSecret = `wrong-secret-${randomBytes(12).toString('hex')}`;
		const fake = run.closeAtEnd(await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret }));
		console.log(`e2e: fake Tomoviee API at ${fake.url}`);
		const ctx: Context = {
			fake,
			appKey,
			appSecret,
			wrongSecret,
			tarball,
			workDir,
		};
		for (const [index, target] of options.targets.entries()) {
			await runTarget(run.checks, target, stepsFor(target, options.steps), ctx, options, installs[index]);
		}
	} catch (error) {
		run.checks.scope('').broken('e2e setup', error);
	} finally {
		await run.end();
	}
}

void main();

/** A local server that records what reaches it: the place a redirecting gateway points at. */
async function startRecordingServer(): Promise<{
	url: string;
	requests: Array<{ url?: string; authorization?: string }>;
	close(): Promise<void>;
}> {
	const requests: Array<{ url?: string; authorization?: string }> = [];
	const server = http.createServer((request, response) => {
		requests.push({ url: request.url, authorization: request.headers.authorization ? '[present]' : undefined });
		request.resume();
		response
			.writeHead(200, { 'content-type': 'application/json' })
			.end('{"code":0,"msg":"","data":{"task_id":"x","status":3}}');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => {
			server.closeAllConnections();
			await new Promise((resolve) => server.close(resolve));
		},
	};
}
