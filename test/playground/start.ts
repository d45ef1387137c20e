/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * `npm start`: a local n8n 2.x with this package installed from its tarball, the fake Tomoviee API, an
 * owner, credentials and the example workflows; prints where to go. Ctrl-C stops everything it started.
 *
 * Usage: npm start -- [--watch] [--ci] [--n8n-port N] [--fake-port N] [--home DIR] [--ready-file F] [--no-run]
 *   --watch       compile nodes/ and credentials/ into the running n8n on every change; n8n reloads the node in
 *                 place (N8N_DEV_RELOAD, as `n8n-node dev` does): no reinstall, no restart
 *   --ci          exit once n8n answers, the node is listed and the workflows are imported (exit 1 otherwise)
 *   --n8n-port    default 5678 (env N8N_DEV_PORT), --fake-port default 3789 (env FAKE_TOMOVIEE_PORT); 0 = any free port
 *   --home        folder for the n8n user folder and logs (env TOMOVIEE_DEV_HOME; default ~/.cache/n8n-nodes-tomoviee/dev)
 *   --ready-file  also write the ready JSON there (it is always written to <home>/ready.json)
 *   --no-run      skip the first Create and Wait run
 * Env: TOMOVIEE_APP_KEY + TOMOVIEE_APP_SECRET (+ TOMOVIEE_GATEWAY) add a credential for the real gateway.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { WORKFLOW_IDS } from '../e2e/lib/fixtures';
import { processAlive } from '../e2e/lib/processes';
import { stopAllServers } from '../e2e/lib/n8nServer';
import { defaultHome, nodeTypeListed, paths, startDevStack, type DevStack, type ReadyInfo } from './devStack';
import { DEFAULT_FAKE_PORT, DEFAULT_N8N_PORT } from './ports';
import { REAL_CREDENTIAL_NAME } from './seed';
import { compileIntoPackage } from './watch';

interface Options {
	watch: boolean;
	ci: boolean;
	n8nPort: number;
	fakePort: number;
	home: string;
	readyFile?: string;
	demoRun: boolean;
}

function parsePort(value: string | undefined, fallback: number, flag: string): number {
	if (value === undefined || value === '') return fallback;
	const port = Number(value);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${flag}: not a port: ${value}`);
	return port;
}

function parseOptions(argv: string[]): Options {
	const envN8nPort = parsePort(process.env.N8N_DEV_PORT, DEFAULT_N8N_PORT, 'N8N_DEV_PORT');
	const envFakePort = parsePort(process.env.FAKE_TOMOVIEE_PORT, DEFAULT_FAKE_PORT, 'FAKE_TOMOVIEE_PORT');
	const parse = () =>
		parseArgs({
			args: argv,
			options: {
				watch: { type: 'boolean', default: false },
				ci: { type: 'boolean', default: false },
				'no-run': { type: 'boolean', default: false },
				'n8n-port': { type: 'string' },
				'fake-port': { type: 'string' },
				home: { type: 'string' },
				'ready-file': { type: 'string' },
				help: { type: 'boolean', short: 'h', default: false },
			},
		});
	let values: ReturnType<typeof parse>['values'];
	try {
		({ values } = parse());
	} catch (error) {
		throw new Error(`${(error as Error).message} (see npm start -- --help)`);
	}
	if (values.help) {
		console.log(
			readFileSync(__filename, 'utf8')
				.split('*/')[0]
				.replace(/^\/\*\*?|^ \* ?/gm, ''),
		);
		process.exit(0);
	}
	const n8nPort = values['n8n-port'];
	const fakePort = values['fake-port'];
	const options: Options = {
		watch: values.watch,
		ci: values.ci,
		n8nPort: n8nPort === undefined ? envN8nPort : parsePort(n8nPort, DEFAULT_N8N_PORT, '--n8n-port'),
		fakePort: fakePort === undefined ? envFakePort : parsePort(fakePort, DEFAULT_FAKE_PORT, '--fake-port'),
		home: values.home === undefined ? defaultHome() : path.resolve(values.home),
		readyFile: values['ready-file'] === undefined ? undefined : path.resolve(values['ready-file']),
		demoRun: !values['no-run'],
	};
	if (options.ci && options.watch) throw new Error('--ci and --watch exclude each other');
	return options;
}

const log = (line: string) => console.log(`[start] ${line}`);

/** Whether `pid` is an n8n serving this user folder (Linux /proc; elsewhere: unknown, so no). */
function isN8nOf(pid: number, userFolder: string): boolean {
	try {
		const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
		const environment = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0');
		return command.includes('n8n') && environment.includes(`N8N_USER_FOLDER=${userFolder}`);
	} catch {
		return false;
	}
}

/**
 * One `npm start` per user folder: two n8n processes on one SQLite file would corrupt it. An n8n left
 * behind by an earlier start that was killed outright (its script gone, n8n still serving) is stopped.
 */
async function claimHome(home: string) {
	const { pidFile, userFolder } = paths(home);
	let other: { pid?: number; n8nPid?: number; editorUrl?: string } = {};
	try {
		other = JSON.parse(readFileSync(pidFile, 'utf8'));
	} catch {
		/* no earlier start, or an unreadable file */
	}
	if (other.pid && other.pid !== process.pid && processAlive(other.pid)) {
		throw new Error(
			`npm start is already running for ${home} (pid ${other.pid})${other.editorUrl ? `: open ${other.editorUrl}` : ''}`,
		);
	}
	if (other.n8nPid && isN8nOf(other.n8nPid, userFolder)) {
		log(`stopping the n8n (pid ${other.n8nPid}) an earlier npm start left running`);
		const signalGroup = (signal: NodeJS.Signals) => {
			try {
				process.kill(-other.n8nPid!, signal);
			} catch {
				/* gone */
			}
		};
		signalGroup('SIGTERM');
		for (let i = 0; i < 20 && processAlive(other.n8nPid); i++) await new Promise((r) => setTimeout(r, 500));
		signalGroup('SIGKILL');
	}
	mkdirSync(home, { recursive: true });
	writeFileSync(pidFile, JSON.stringify({ pid: process.pid }));
}

function printBanner(info: ReadyInfo, options: Options) {
	const created = info.workflows.filter((w) => w.created).length;
	const lines = [
		'',
		`n8n ${info.n8nVersion} with n8n-nodes-tomoviee is ready (${info.secondsToReady} s)`,
		`  editor      ${info.editorUrl}`,
		`  login       ${info.login.email} / ${info.login.password}   (local only; owner ${info.owner === 'created' ? 'created now' : 'from an earlier run'})`,
		`  open        ${info.workflowUrl}`,
		`              "${info.workflows.find((w) => w.id === WORKFLOW_IDS.createAndWait)?.name}", then Execute workflow`,
		`  workflows   ${info.workflows.length} examples (${created} imported now, ${info.workflows.length - created} kept from an earlier run)`,
		`  credentials ${info.credentials.map((c) => `"${c}"`).join(', ')}`,
		`  fake API    ${info.fakeApiUrl} (app key test-app-key, secret test-app-secret)`,
	];
	if (!info.credentials.includes(REAL_CREDENTIAL_NAME)) {
		lines.push(
			'              set TOMOVIEE_APP_KEY and TOMOVIEE_APP_SECRET to also get a credential for the real gateway',
		);
	}
	const run = info.demoRun;
	if (run) {
		lines.push(
			run.videoUrl
				? `  first run   ${run.status}: video ${run.videoUrl}`
				: `  first run   ${run.status}: ${run.errorMessage ?? 'no video URL in the output'}`,
			`              ${run.executionUrl}`,
		);
	}
	lines.push(
		`  user folder ${info.userFolder} (delete ${path.dirname(info.userFolder)} to start over)`,
		`  n8n log     ${info.logFile}`,
	);
	if (!options.ci) {
		lines.push(
			'',
			options.watch
				? 'Watching nodes/ and credentials/: each change is compiled into the installed package and n8n reloads the node in place. Ctrl-C stops everything.'
				: 'Ctrl-C stops n8n and the fake API.',
		);
	}
	console.log(lines.join('\n'));
}

/** What the CI mode and the start test need: the editor answers and n8n lists the node. */
async function verify(info: ReadyInfo): Promise<string[]> {
	const problems: string[] = [];
	const editor = await fetch(info.editorUrl, { signal: AbortSignal.timeout(10_000) }).catch((e: Error) => e);
	if (editor instanceof Error || !editor.ok)
		problems.push(
			`editor ${info.editorUrl} does not answer: ${editor instanceof Error ? editor.message : `HTTP ${editor.status}`}`,
		);
	if (!(await nodeTypeListed(info.editorUrl.replace(/\/$/, ''))))
		problems.push('n8n does not list n8n-nodes-tomoviee.tomovieeImageToVideo');
	if (info.workflows.length < 3) problems.push(`only ${info.workflows.length} example workflows imported`);
	if (info.demoRun && (info.demoRun.status !== 'success' || !info.demoRun.videoUrl)) {
		problems.push(
			`the first Create and Wait run ended ${info.demoRun.status}: ${info.demoRun.errorMessage ?? 'no video URL'}`,
		);
	}
	return problems;
}

async function main() {
	const options = parseOptions(process.argv.slice(2));
	await claimHome(options.home);
	const { pidFile, readyFile } = paths(options.home);
	let stack: DevStack | undefined;
	let stopWatching: (() => void) | undefined;
	let stopping = false;
	// Set once n8n runs; a Ctrl-C during start-up calls shutdown before that.
	let monitor: NodeJS.Timeout | undefined = undefined;

	const shutdown = async (code: number) => {
		stopping = true;
		if (monitor) clearInterval(monitor);
		stopWatching?.();
		// A Ctrl-C during start-up comes before the stack exists: n8n may already run in its own process group.
		await (stack ? stack.stop() : stopAllServers());
		for (const file of [readyFile, options.readyFile, pidFile]) if (file) rmSync(file, { force: true });
		process.exit(code);
	};
	// A terminal's Ctrl-C reaches this process twice at once (from the terminal, and relayed by tsx): only a
	// signal that comes later than that means "stop now".
	let firstSignalAt = 0;
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(signal, () => {
			if (stopping && Date.now() - firstSignalAt < 2000) return;
			firstSignalAt = firstSignalAt || Date.now();
			if (stopping) {
				log(`${signal} again: killing n8n now`);
				if (stack) process.kill(-stack.server.pid, 'SIGKILL');
				process.exit(1);
			}
			log(`${signal}: stopping n8n and the fake API`);
			void shutdown(0);
		});
	}

	try {
		stack = await startDevStack({
			home: options.home,
			n8nPort: options.n8nPort,
			fakePort: options.fakePort,
			demoRun: options.demoRun,
			hotReload: options.watch,
			log,
		});
	} catch (error) {
		console.error(`[start] failed: ${(error as Error).message}`);
		await shutdown(1);
		return;
	}
	const info = stack.info;
	const recordPids = () =>
		writeFileSync(pidFile, JSON.stringify({ pid: process.pid, n8nPid: stack?.server.pid, editorUrl: info.editorUrl }));
	recordPids();
	const readyJson = JSON.stringify(info, null, 2);
	writeFileSync(readyFile, readyJson);
	if (options.readyFile) writeFileSync(options.readyFile, readyJson);
	printBanner(info, options);

	if (options.ci) {
		const problems = await verify(info);
		for (const problem of problems) console.error(`[start] ci: ${problem}`);
		const proved = `editor answers, node listed, examples imported${info.demoRun ? ', first run made a video' : ''}`;
		log(problems.length ? 'ci: FAILED' : `ci: ok (${proved}); stopping`);
		await shutdown(problems.length ? 1 : 0);
		return;
	}

	// n8n dying on its own ends the session with its log tail.
	monitor = setInterval(() => {
		if (!stopping && stack && !processAlive(stack.server.pid)) {
			console.error(
				`[start] n8n (pid ${stack.server.pid}) exited unexpectedly. Log tail:\n${stack.server.logTail(30)}`,
			);
			void shutdown(1);
		}
	}, 3000);

	if (options.watch) {
		// From here on the installed package is no longer the packed tarball: the next start reinstalls it.
		const { installedDigestFile, packageDir } = paths(options.home);
		rmSync(installedDigestFile, { force: true });
		stopWatching = compileIntoPackage(path.join(packageDir, 'dist'), log);
	}
}

main().catch((error: unknown) => {
	console.error(`[start] failed: ${(error as Error).message}`);
	process.exit(1);
});
