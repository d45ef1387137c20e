/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/no-dangerous-functions -- Node test tooling, not n8n runtime code */
/**
 * `npm run test:start`: proves `npm start` as a user meets it, in a throw-away home folder and on free ports.
 *   1. `npm start` on a fresh folder: once ready, the editor answers, n8n lists the node, the login works,
 *      the examples and the fake credential are there, the first run's video URL serves a video; then
 *      Ctrl-C (SIGINT to the whole process group, as a terminal sends it) stops n8n and the fake API.
 *   2. `npm start -- --ci` on the same folder: reuses it (owner and workflows kept) and exits 0.
 * Needs the cached n8n 2.x install (made on first use; see test/e2e/lib/n8nInstall.ts).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Checks } from '../e2e/lib/checks';
import { FAKE_CREDENTIAL, NODE_TYPE, readExampleWorkflows } from '../e2e/lib/fixtures';
import { REPO_ROOT } from '../e2e/lib/packageTarball';
import { processAlive } from '../e2e/lib/processes';
import { LOCAL_OWNER, N8nRestClient } from '../e2e/lib/restClient';
import type { ReadyInfo } from './devStack';
import { REAL_CREDENTIAL_NAME } from './seed';

const FIRST_START_TIMEOUT_MS = 40 * 60_000; // includes installing n8n into the cache on a fresh machine
const STOP_TIMEOUT_MS = 60_000;

interface Started {
	pid: number;
	output: () => string;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startNpmStart(args: string[], env: Record<string, string> = {}): Started {
	// Own process group, so that a SIGINT to the group reaches npm, tsx and the script like a terminal's Ctrl-C.
	const child = spawn('npm', ['start', '--', ...args], {
		cwd: REPO_ROOT,
		env: { ...process.env, TOMOVIEE_APP_KEY: '', TOMOVIEE_APP_SECRET: '', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	child.stdout.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr.on('data', (c: Buffer) => (output += c.toString()));
	const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
		child.on('exit', (code, signal) => resolve({ code, signal })),
	);
	return { pid: child.pid!, output: () => output, exited };
}

function groupAlive(groupId: number): boolean {
	try {
		process.kill(-groupId, 0);
		return true;
	} catch {
		return false;
	}
}

async function waitFor<T>(
	what: string,
	probe: () => T | undefined,
	timeoutMs: number,
	failed?: () => string | undefined,
): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		const failure = failed?.();
		if (failure) throw new Error(`${what}: ${failure}`);
		if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs / 1000} s`);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

async function answers(url: string): Promise<boolean> {
	try {
		return (await fetch(url, { signal: AbortSignal.timeout(5000) })).ok;
	} catch {
		return false;
	}
}

function tail(text: string, lines = 30): string {
	return text.trim().split('\n').slice(-lines).join('\n');
}

async function checkRunning(check: ReturnType<Checks['scope']>, info: ReadyInfo) {
	const editor = await fetch(info.editorUrl, { signal: AbortSignal.timeout(10_000) });
	const page = await editor.text();
	check.ok(
		'editor URL answers with the n8n editor page',
		editor.ok && /<title>n8n/i.test(page),
		`HTTP ${editor.status}`,
	);

	const client = new N8nRestClient(info.editorUrl.replace(/\/$/, ''));
	await client.login({ ...LOCAL_OWNER, ...info.login });
	check.ok(`the printed login (${info.login.email}) signs in`, true);
	const types = await client.nodeTypeNames();
	check.ok(`n8n lists ${NODE_TYPE}`, types.includes(NODE_TYPE), `${types.length} node types`);
	const workflows = await client.request<Array<{ id: string }>>('GET', '/rest/workflows');
	const ids = Array.isArray(workflows.data) ? workflows.data.map((w) => w.id) : [];
	const exampleIds = readExampleWorkflows().map((workflow) => String(workflow.id));
	check.ok(
		`the ${exampleIds.length} example workflows of examples/ are imported`,
		exampleIds.every((id) => ids.includes(id)),
		`workflow ids: ${JSON.stringify(ids)}`,
	);
	const credentials = await client.request<Array<{ id: string; name: string; type: string }>>(
		'GET',
		'/rest/credentials',
	);
	const fakeCredential = Array.isArray(credentials.data)
		? credentials.data.find((c) => c.name === FAKE_CREDENTIAL.name)
		: undefined;
	check.ok(`credential "${FAKE_CREDENTIAL.name}" exists`, !!fakeCredential, credentials.raw.slice(0, 300));
	if (fakeCredential) {
		// As the credential dialog's Test button does: the stored data, its secret redacted by n8n and restored by it.
		const stored = await client.request<{ data?: Record<string, unknown> }>(
			'GET',
			`/rest/credentials/${fakeCredential.id}?includeData=true`,
		);
		check.ok(
			'the stored fake credential points at the fake API',
			stored.data?.data?.baseUrl === info.fakeApiUrl,
			JSON.stringify(stored.data?.data?.baseUrl),
		);
		const test = await client.request<{ status: string; message?: string }>('POST', '/rest/credentials/test', {
			credentials: {
				id: fakeCredential.id,
				name: fakeCredential.name,
				type: fakeCredential.type,
				data: stored.data?.data ?? {},
			},
		});
		check.ok(
			"n8n's credential test of the stored fake credential answers OK",
			test.data?.status === 'OK',
			test.raw.slice(0, 300),
		);
	}

	const run = info.demoRun;
	check.ok('the first Create and Wait run succeeded', run?.status === 'success', JSON.stringify(run));
	const videoUrl = run?.videoUrl ?? '';
	check.ok('its video URL points at the fake API', videoUrl.startsWith(`${info.fakeApiUrl}/storage/`), videoUrl);
	if (videoUrl) {
		const video = await fetch(videoUrl, { signal: AbortSignal.timeout(10_000) });
		const bytes = new Uint8Array(await video.arrayBuffer());
		const boxType = new TextDecoder().decode(bytes.slice(4, 8));
		check.ok(
			'the video URL serves an MP4 (ftyp box)',
			video.ok && boxType === 'ftyp',
			`HTTP ${video.status}, box ${boxType}`,
		);
	}
}

async function main() {
	const checks = new Checks();
	const home = mkdtempSync(path.join(tmpdir(), 'tomoviee-start-'));
	const readyFile = path.join(home, 'ready-copy.json');
	const common = ['--home', home, '--n8n-port', '0', '--fake-port', '0'];
	const timings: string[] = [];
	try {
		// 1. Fresh folder, interactive mode, stopped with Ctrl-C.
		{
			const check = checks.scope('[npm start, fresh folder] ');
			const started = Date.now();
			const run = startNpmStart([...common, '--ready-file', readyFile]);
			let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
			void run.exited.then((e) => (exit = e));
			try {
				const info = await waitFor(
					'ready file',
					() => (existsSync(readyFile) ? (JSON.parse(readFileSync(readyFile, 'utf8')) as ReadyInfo) : undefined),
					FIRST_START_TIMEOUT_MS,
					() =>
						exit
							? `npm start exited (${exit.code ?? exit.signal}) before it was ready:\n${tail(run.output())}`
							: undefined,
				);
				timings.push(
					`fresh folder: ready in ${Math.round((Date.now() - started) / 1000)} s (script says ${info.secondsToReady} s)`,
				);
				check.ok('the owner was created on the fresh folder', info.owner === 'created', info.owner);
				check.ok(
					'it printed the editor URL, the login and the workflow to open',
					[info.editorUrl, info.login.email, info.login.password, info.workflowUrl].every((s) =>
						run.output().includes(s),
					),
					tail(run.output()),
				);
				await checkRunning(check, info);

				process.kill(-run.pid, 'SIGINT');
				// npm itself dies of the SIGINT at once; the script behind it goes on stopping n8n, so the test waits
				// for the whole group (npm, tsx, the script) to be gone.
				const groupGone = await waitFor(
					'npm start process group to end',
					() => (groupAlive(run.pid) ? undefined : true),
					STOP_TIMEOUT_MS,
				).catch(() => false);
				check.ok('Ctrl-C ends npm start: no process of its group is left', groupGone === true, tail(run.output()));
				check.ok(
					'the script stopped n8n and the fake API itself',
					/SIGINT: stopping n8n and the fake API/.test(run.output()) && !/killing n8n now/.test(run.output()),
					tail(run.output(), 5),
				);
				check.ok(`n8n (pid ${info.n8nPid}) is gone`, !processAlive(info.n8nPid));
				check.ok("no process of n8n's group (task runners) is left", !groupAlive(info.n8nPid));
				check.ok('the editor URL no longer answers', !(await answers(info.editorUrl)));
				check.ok('the fake API no longer answers', !(await answers(`${info.fakeApiUrl}/__fake/health`)));
			} finally {
				if (groupAlive(run.pid)) {
					try {
						process.kill(-run.pid, 'SIGKILL');
					} catch {
						/* gone */
					}
				}
			}
		}

		// 2. The same folder again, CI mode: exits by itself, reusing what the first start set up.
		{
			const check = checks.scope('[npm start -- --ci, second start] ');
			const started = Date.now();
			// Keys for the real gateway: only stored as a credential (nothing calls the gateway), never printed.
			const realSecret = `real-secret-${process.pid}-${Date.now()}`;
			const run = startNpmStart([...common, '--ci'], {
				TOMOVIEE_APP_KEY: 'real-app-key',
				TOMOVIEE_APP_SECRET: realSecret,
			});
			const ended = await Promise.race([
				run.exited,
				new Promise<undefined>((r) => setTimeout(() => r(undefined), 10 * 60_000)),
			]);
			if (!ended) process.kill(-run.pid, 'SIGKILL');
			timings.push(`second start (--ci, reused folder): exited in ${Math.round((Date.now() - started) / 1000)} s`);
			const output = run.output();
			// Where the time of a reused start goes (build, install, n8n's own start, seeding, first run).
			for (const line of output.split('\n').filter((l) => /^\[start\].*\(\d+(\.\d+)? s\)/.test(l)))
				timings.push(`  ${line}`);
			check.ok(
				'exits 0 once n8n answers and the workflows are imported',
				ended?.code === 0,
				`exit=${JSON.stringify(ended)}\n${tail(output)}`,
			);
			check.ok('reports ci: ok', /ci: ok/.test(output), tail(output));
			check.ok('reuses the owner from the first start', /owner from an earlier run/.test(output), tail(output, 15));
			const examples = readExampleWorkflows().length;
			check.ok('keeps the imported workflows', output.includes(`0 imported now, ${examples} kept`), tail(output, 15));
			check.ok(
				`with TOMOVIEE_APP_KEY/SECRET set it adds "${REAL_CREDENTIAL_NAME}"`,
				output.includes(`"${REAL_CREDENTIAL_NAME}"`),
				tail(output, 15),
			);
			check.ok('the real app secret appears nowhere in its output', !output.includes(realSecret));
		}
	} catch (error) {
		checks.scope('').broken('npm start check', error);
	} finally {
		rmSync(home, { recursive: true, force: true });
	}
	for (const line of timings) console.log(`timing: ${line}`);
	if (checks.failed.length) console.log(`failed checks:\n  ${checks.failed.join('\n  ')}`);
	console.log(`test:start: ${checks.summary()}`);
	process.exit(checks.failed.length ? 1 : 0);
}

void main();
