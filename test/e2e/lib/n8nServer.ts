/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- Node test tooling, not n8n runtime code */
/**
 * Starting and stopping a throw-away n8n for tests and for `npm start`: its own user folder, loopback
 * only, free ports picked at run time, telemetry and onboarding off, stopped by its own process id.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { run, type N8nInstall } from './n8nInstall';

export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}

export function makeTempDir(prefix: string): string {
	return mkdtempSync(path.join(tmpdir(), prefix));
}

/**
 * Installs a package tarball into `<userFolder>/.n8n/nodes` the way n8n's Community Nodes panel does
 * (an npm project in that folder, `npm install <package>`), so n8n loads it as `<package>.<node>`.
 * npm also installs the peer `n8n-workflow` beside it, which the node's code requires at load time.
 */
export async function installCommunityPackage(
	install: N8nInstall,
	userFolder: string,
	tarball: string,
	logFile?: string,
) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	mkdirSync(nodesDir, { recursive: true });
	const manifest = path.join(nodesDir, 'package.json');
	if (!existsSync(manifest))
		writeFileSync(manifest, JSON.stringify({ name: 'installed-nodes', private: true }, null, 2));
	// The peer is pinned to the n8n-workflow the server itself ships, so both share one version.
	const workflowVersion = JSON.parse(
		readFileSync(path.join(install.dir, 'node_modules', 'n8n-workflow', 'package.json'), 'utf8'),
	).version as string;
	await run(
		'npm',
		[
			'install',
			'--ignore-scripts',
			'--no-audit',
			'--no-fund',
			'--omit=dev',
			tarball,
			`n8n-workflow@${workflowVersion}`,
		],
		{ cwd: nodesDir, env: { ...process.env, ...install.env }, logFile, timeoutMs: 10 * 60_000 },
	);
	return nodesDir;
}

export interface N8nProcessOptions {
	userFolder: string;
	/** HTTP port for the server (also used to build the webhook URL). */
	port?: number;
	logLevel?: 'error' | 'warn' | 'info' | 'debug';
	extraEnv?: Record<string, string>;
}

/** The environment n8n runs with here: everything local, nothing phoning home. */
export async function n8nEnv(install: N8nInstall, options: N8nProcessOptions): Promise<NodeJS.ProcessEnv> {
	const port = options.port ?? (await freePort());
	const env: NodeJS.ProcessEnv = { ...process.env };
	// Inherited settings that would change what n8n does (a CI's or a shell's) are dropped.
	for (const key of Object.keys(env)) {
		if (key.startsWith('N8N_') || key.startsWith('DB_') || key === 'WEBHOOK_URL') delete env[key];
	}
	return {
		...env,
		...install.env,
		// jest sets NODE_ENV=test, under which n8n refuses to load community nodes.
		NODE_ENV: 'production',
		N8N_USER_FOLDER: options.userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		// Each n8n process (server or CLI) gets its own task-runner broker port so they never collide.
		N8N_RUNNERS_BROKER_PORT: String(await freePort()),
		N8N_RUNNERS_BROKER_LISTEN_ADDRESS: '127.0.0.1',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_AI_ENABLED: 'false',
		N8N_DYNAMIC_BANNERS_ENABLED: 'false',
		// The verified-packages list is fetched from n8n's servers; nothing but loopback is reachable in tests.
		N8N_VERIFIED_PACKAGES_ENABLED: 'false',
		// Plain http on loopback: a secure cookie would never be sent back.
		N8N_SECURE_COOKIE: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// The package is installed by hand (as the panel would); n8n must not try to reinstall from the registry.
		N8N_REINSTALL_MISSING_PACKAGES: 'false',
		// A throw-away instance has nothing to drain on stop.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '5',
		N8N_LOG_LEVEL: options.logLevel ?? 'info',
		N8N_LOG_OUTPUT: 'console',
		NO_PROXY: '127.0.0.1,localhost',
		no_proxy: '127.0.0.1,localhost',
		...(options.extraEnv ?? {}),
	};
}

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The exit code and the last 25 lines of a CLI run's output, for a failed check. */
export function describeCli(result: CliResult): string {
	const text = `${result.stdout}\n${result.stderr}`.trim().split('\n');
	return `exit ${result.code}; output tail:\n${text.slice(-25).join('\n')}`;
}

/** Runs an n8n CLI command (import:*, execute ...) against the user folder; never rejects on exit code. */
export async function runN8nCli(
	install: N8nInstall,
	args: string[],
	options: N8nProcessOptions & { timeoutMs?: number },
): Promise<CliResult> {
	const env = await n8nEnv(install, options);
	return new Promise((resolve, reject) => {
		const child = spawn(install.runtime.nodeBin, [install.n8nBin, ...args], {
			cwd: options.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
		child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
		const timer = setTimeout(() => killTree(child), options.timeoutMs ?? 180_000);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/** Ends a process we spawned detached: its group id is its own pid, so its task runners go too. */
function killTree(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') {
	if (!child.pid) return;
	try {
		process.kill(-child.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

export interface N8nServer {
	baseUrl: string;
	port: number;
	pid: number;
	userFolder: string;
	logFile: string;
	/** Last lines of the server's log, for failure messages. */
	logTail(lines?: number): string;
	stop(): Promise<void>;
}

const running = new Set<N8nServer>();

/** Stops every server this process started (for signal and error handlers). */
export async function stopAllServers(): Promise<void> {
	await Promise.all([...running].map((s) => s.stop()));
}

/** Starts `n8n start` and resolves once its REST API answers. */
export async function startN8n(
	install: N8nInstall,
	options: N8nProcessOptions & { logFile?: string; readyTimeoutMs?: number },
): Promise<N8nServer> {
	const port = options.port ?? (await freePort());
	const env = await n8nEnv(install, { ...options, port });
	const logFile = options.logFile ?? path.join(options.userFolder, 'n8n-server.log');
	const log = createWriteStream(logFile, { flags: 'a' });
	const child = spawn(install.runtime.nodeBin, [install.n8nBin, 'start'], {
		cwd: options.userFolder,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	child.stdout!.pipe(log, { end: false });
	child.stderr!.pipe(log, { end: false });
	let exited: string | undefined;
	const exitedPromise = new Promise<void>((resolve) =>
		child.on('exit', (code, signal) => {
			exited = signal ?? `exit ${code}`;
			resolve();
		}),
	);
	const baseUrl = `http://127.0.0.1:${port}`;
	const server: N8nServer = {
		baseUrl,
		port,
		pid: child.pid!,
		userFolder: options.userFolder,
		logFile,
		logTail: (lines = 60) => tailOf(logFile, lines),
		async stop() {
			running.delete(server);
			if (exited === undefined) {
				try {
					process.kill(child.pid!, 'SIGTERM');
				} catch {
					/* gone */
				}
				const graceful = await Promise.race([
					exitedPromise.then(() => true),
					new Promise<boolean>((r) => setTimeout(() => r(false), 20_000)),
				]);
				if (!graceful) killTree(child);
				await Promise.race([exitedPromise, new Promise((r) => setTimeout(r, 5_000))]);
			}
			// Task runners n8n started may outlive it briefly; end whatever is left of its group.
			killTree(child);
			log.end();
		},
	};
	running.add(server);

	const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
	while (Date.now() < deadline) {
		if (exited !== undefined) {
			await server.stop();
			throw new Error(`n8n exited before it was ready (${exited}). Log tail:\n${server.logTail()}`);
		}
		// /healthz answers as soon as the port is open; readiness waits for migrations and full start,
		// and until then every other route answers 200 with "n8n is starting up".
		if ((await answers(`${baseUrl}/healthz/readiness`)) && (await answersJson(`${baseUrl}/rest/settings`)))
			return server;
		await new Promise((r) => setTimeout(r, 1000));
	}
	const tail = server.logTail();
	await server.stop();
	throw new Error(`n8n did not answer on ${baseUrl} within the time allowed. Log tail:\n${tail}`);
}

async function answers(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
		return response.ok;
	} catch {
		return false;
	}
}

async function answersJson(url: string): Promise<boolean> {
	try {
		const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
		const body = (await response.json()) as { data?: unknown };
		return response.ok && body?.data !== undefined;
	} catch {
		return false;
	}
}

export function tailOf(file: string, lines = 60): string {
	try {
		return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
	} catch {
		return '(no log)';
	}
}

export function removeDir(dir: string | undefined) {
	if (dir) rmSync(dir, { recursive: true, force: true });
}
