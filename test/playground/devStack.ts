/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * The stack `npm start` runs: the cached n8n 2.x with this package installed from its tarball into a
 * persistent user folder, the bundled fake Tomoviee API, and the owner, credentials and example workflows.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startFakeTomoviee, type FakeTomoviee } from '../fake-tomoviee';
import { FAKE_CREDENTIAL, NODE_TYPE, WORKFLOW_IDS } from '../e2e/lib/fixtures';
import { cacheRoot, ensureN8n, type N8nInstall } from '../e2e/lib/n8nInstall';
import { installCommunityPackage, startN8n, type N8nServer } from '../e2e/lib/n8nServer';
import { buildAndPack } from '../e2e/lib/packageTarball';
import { LOCAL_OWNER, N8nRestClient } from '../e2e/lib/restClient';
import { N8N2 } from '../e2e/lib/versions';
import { choosePort } from './ports';
import {
	fakeCredentialData,
	importExampleWorkflows,
	REAL_CREDENTIAL_NAME,
	realCredentialData,
	runWorkflowManually,
	signInOwner,
	upsertCredential,
	type ImportedWorkflow,
} from './seed';

export type Log = (line: string) => void;

export const FAKE_APP_KEY = 'test-app-key';
export const FAKE_APP_SECRET = 'test-app-secret';
const DEMO_NODE_NAME = 'Create video and wait';

export function defaultHome(): string {
	return path.resolve(process.env.TOMOVIEE_DEV_HOME || path.join(cacheRoot(), 'dev'));
}

export interface DevStackOptions {
	/** Holds the n8n user folder, the packed tarball, the log and the ready file. */
	home: string;
	n8nPort: number;
	fakePort: number;
	/** Run Create and Wait once after start and report its video URL. */
	demoRun: boolean;
	/**
	 * n8n in development mode with N8N_DEV_RELOAD: it watches the installed package's files and reloads the node in
	 * place when they change (what `n8n-node dev` relies on), so `--watch` compiles into the package instead of
	 * reinstalling it and restarting n8n.
	 */
	hotReload?: boolean;
	log: Log;
}

export interface DemoRun {
	executionId: string;
	status: string;
	videoUrl?: string;
	taskId?: string;
	errorMessage?: string;
	/** The run in the editor (the workflow's Executions tab). */
	executionUrl: string;
}

export interface ReadyInfo {
	editorUrl: string;
	workflowUrl: string;
	fakeApiUrl: string;
	login: { email: string; password: string };
	owner: 'created' | 'existing';
	workflows: ImportedWorkflow[];
	credentials: string[];
	n8nVersion: string;
	n8nPid: number;
	userFolder: string;
	logFile: string;
	demoRun?: DemoRun;
	secondsToReady: number;
}

export interface DevStack {
	info: ReadyInfo;
	server: N8nServer;
	fake: FakeTomoviee;
	stop(): Promise<void>;
}

export function paths(home: string) {
	return {
		userFolder: path.join(home, 'n8n-user'),
		packDir: path.join(home, 'pack'),
		logFile: path.join(home, 'n8n.log'),
		npmLog: path.join(home, 'npm-install.log'),
		readyFile: path.join(home, 'ready.json'),
		pidFile: path.join(home, 'start.pid'),
		installedDigestFile: path.join(home, 'installed-tarball.sha256'),
		/** Where n8n's Community Nodes install puts the package, and where n8n loads it from. */
		packageDir: path.join(home, 'n8n-user', '.n8n', 'nodes', 'node_modules', 'n8n-nodes-tomoviee'),
	};
}

/**
 * Builds, packs and installs the package as the Community Nodes panel would, replacing the previous copy.
 * A tarball byte-identical to the installed one (npm pack is deterministic) skips the npm install.
 */
export async function installPackage(
	install: N8nInstall,
	home: string,
): Promise<{ tarball: string; unchanged: boolean }> {
	const p = paths(home);
	rmSync(p.packDir, { recursive: true, force: true });
	writeFileSync(p.npmLog, '');
	const tarball = await buildAndPack(p.packDir, { logFile: p.npmLog });
	const { packageDir } = p;
	const digest = createHash('sha256').update(readFileSync(tarball)).digest('hex');
	const installedDigest = existsSync(p.installedDigestFile) ? readFileSync(p.installedDigestFile, 'utf8') : '';
	if (digest === installedDigest && existsSync(path.join(packageDir, 'package.json')))
		return { tarball, unchanged: true };
	rmSync(p.installedDigestFile, { force: true });
	// Same name and version each time: removing the old copy makes npm unpack the new tarball for sure.
	rmSync(packageDir, { recursive: true, force: true });
	await installCommunityPackage(install, p.userFolder, tarball, p.npmLog);
	writeFileSync(p.installedDigestFile, digest);
	return { tarball, unchanged: false };
}

async function startServer(install: N8nInstall, home: string, port: number, hotReload: boolean): Promise<N8nServer> {
	const p = paths(home);
	writeFileSync(p.logFile, '');
	// n8n watches its packages only in development mode (NODE_ENV unset or "development").
	const extraEnv = hotReload ? { NODE_ENV: 'development', N8N_DEV_RELOAD: 'true' } : undefined;
	const server = await startN8n(install, {
		userFolder: p.userFolder,
		port,
		logLevel: 'info',
		logFile: p.logFile,
		extraEnv,
	});
	try {
		await waitUntilServing(server.baseUrl);
	} catch (error) {
		const tail = server.logTail(30);
		await server.stop();
		throw new Error(`${(error as Error).message}\nn8n log tail:\n${tail}`);
	}
	return server;
}

/**
 * While n8n runs its database migrations its HTTP server already answers every path with HTTP 200 and the
 * text "n8n is starting up"; it serves once readiness answers and the settings come back as JSON.
 */
async function waitUntilServing(baseUrl: string, timeoutMs = 300_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		try {
			const readiness = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(5000) });
			const settings = await fetch(`${baseUrl}/rest/settings`, { signal: AbortSignal.timeout(5000) });
			const body = settings.ok
				? ((await settings.json().catch(() => undefined)) as { data?: unknown } | undefined)
				: undefined;
			if (readiness.ok && body && typeof body.data === 'object') return;
		} catch {
			/* not listening yet */
		}
		await new Promise((r) => setTimeout(r, 1000));
	}
	throw new Error(`n8n at ${baseUrl} did not finish starting within ${timeoutMs / 1000} s`);
}

export async function startDevStack(options: DevStackOptions): Promise<DevStack> {
	const started = Date.now();
	const { log, home } = options;
	const p = paths(home);
	mkdirSync(p.userFolder, { recursive: true });

	if (!existsSync(path.join(cacheRoot(), `n8n-${N8N2.n8nVersion}-node24`))) {
		log(`first run: installing n8n ${N8N2.n8nVersion} and Node 24 into ${cacheRoot()} (several minutes, once)`);
	}
	const install = await ensureN8n(N8N2, (line) => log(`n8n install: ${line}`));

	log('building the package and installing its tarball into the n8n user folder');
	let phase = Date.now();
	const seconds = () => {
		const s = Math.round((Date.now() - phase) / 100) / 10;
		phase = Date.now();
		return `${s} s`;
	};
	const { tarball, unchanged } = await installPackage(install, home);
	log(
		unchanged
			? `built ${path.basename(tarball)}: same as the installed copy, kept (${seconds()})`
			: `installed ${path.basename(tarball)} into ${path.join(p.userFolder, '.n8n', 'nodes')} (${seconds()})`,
	);

	const fakePort = await choosePort(options.fakePort, 'the fake Tomoviee API', log);
	const fake = await startFakeTomoviee({
		host: '127.0.0.1',
		port: fakePort,
		appKey: FAKE_APP_KEY,
		appSecret: FAKE_APP_SECRET,
	});
	let server: N8nServer | undefined;
	try {
		const n8nPort = await choosePort(options.n8nPort, 'n8n', log);
		log(
			`starting n8n ${N8N2.n8nVersion} on port ${n8nPort}${options.hotReload ? ' with N8N_DEV_RELOAD' : ''} (log: ${p.logFile})`,
		);
		server = await startServer(install, home, n8nPort, options.hotReload ?? false);
		log(`n8n answers at ${server.baseUrl} (${seconds()})`);

		const client = new N8nRestClient(server.baseUrl);
		const owner = await signInOwner(client);
		const fakeCredential = await upsertCredential(
			client,
			FAKE_CREDENTIAL.name,
			fakeCredentialData(fake.url, FAKE_APP_KEY, FAKE_APP_SECRET),
		);
		const credentials = [FAKE_CREDENTIAL.name];
		const real = realCredentialData(process.env);
		if (real) {
			await upsertCredential(client, REAL_CREDENTIAL_NAME, real);
			credentials.push(REAL_CREDENTIAL_NAME);
		}
		const workflows = await importExampleWorkflows(client, fakeCredential.id);
		log(
			`owner ${owner === 'created' ? 'created' : 'signed in'}, ${credentials.length} credential(s), ${workflows.length} example workflows (${seconds()})`,
		);

		const editorUrl = `${server.baseUrl}/`;
		const workflowUrl = `${server.baseUrl}/workflow/${WORKFLOW_IDS.createAndWait}`;
		let demoRun: DemoRun | undefined;
		if (options.demoRun) {
			log('running "Create and Wait" once through n8n against the fake API');
			const run = await runWorkflowManually(client, install, WORKFLOW_IDS.createAndWait);
			const item = run.nodeOutputs[DEMO_NODE_NAME]?.[0];
			log(`execution ${run.executionId} ended: ${run.status} (${seconds()})`);
			demoRun = {
				executionId: run.executionId,
				status: run.status,
				videoUrl: typeof item?.videoUrl === 'string' ? item.videoUrl : undefined,
				taskId: typeof item?.taskId === 'string' ? item.taskId : undefined,
				errorMessage: run.errorMessage,
				executionUrl: `${server.baseUrl}/workflow/${WORKFLOW_IDS.createAndWait}/executions/${run.executionId}`,
			};
		}

		const info: ReadyInfo = {
			editorUrl,
			workflowUrl,
			fakeApiUrl: fake.url,
			login: { email: LOCAL_OWNER.email, password: LOCAL_OWNER.password },
			owner,
			workflows,
			credentials,
			n8nVersion: N8N2.n8nVersion,
			n8nPid: server.pid,
			userFolder: p.userFolder,
			logFile: p.logFile,
			demoRun,
			secondsToReady: Math.round((Date.now() - started) / 100) / 10,
		};
		const stack: DevStack = {
			info,
			server,
			fake,
			async stop() {
				await stack.server.stop();
				await fake.close();
			},
		};
		return stack;
	} catch (error) {
		const tail = server ? `\nn8n log tail:\n${server.logTail(30)}` : '';
		await server?.stop();
		await fake.close();
		throw Object.assign(new Error(`${(error as Error).message}${tail}`), { cause: error });
	}
}

/** Whether a running server lists this package's node (the list the editor's node panel is built from). */
export async function nodeTypeListed(baseUrl: string): Promise<boolean> {
	// Once an owner exists, n8n serves the node types to signed-in users only.
	const client = new N8nRestClient(baseUrl);
	await client.login(LOCAL_OWNER);
	return (await client.nodeTypeNames()).includes(NODE_TYPE);
}
