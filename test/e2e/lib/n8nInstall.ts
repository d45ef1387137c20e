/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * Cached installs of the Node runtime and the n8n releases the end-to-end run uses.
 *
 * Installing n8n takes minutes, so each install lives in a cache folder outside the repository
 * (default ~/.cache/n8n-nodes-tomoviee, override with N8N_E2E_CACHE) and is reused while its marker
 * file says it was completed for the same spec. An install is built in a staging folder and renamed
 * into place only when it is complete, so an interrupted run leaves nothing that looks usable.
 *
 * Used by the e2e scripts and by `npm start` (issue 6).
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { processAlive } from './processes';
import { NODE24_VERSION, type N8nTarget } from './versions';

export type Log = (line: string) => void;
const defaultLog: Log = (line) => console.log(`[n8n-install] ${line}`);

const MARKER = '.install-complete.json';
const DOWNLOADED = '.download-complete.json';
const INSTALL_TIMEOUT_MS = 30 * 60_000;

export function cacheRoot(): string {
	return path.resolve(process.env.N8N_E2E_CACHE || path.join(homedir(), '.cache', 'n8n-nodes-tomoviee'));
}

export interface NodeRuntime {
	/** Absolute path of the node executable. */
	nodeBin: string;
	/** Folder to put first on PATH so that `node` (and npm's child processes) resolve to this runtime. */
	binDir: string;
	/** Headers folder for native rebuilds (node-gyp --nodedir); undefined = npm's configured default. */
	nodeDir?: string;
	version: string;
}

export interface N8nInstall {
	target: N8nTarget;
	/** Folder holding node_modules/n8n. */
	dir: string;
	/** n8n's bin script; run it as `<runtime.nodeBin> <n8nBin> ...`. */
	n8nBin: string;
	runtime: NodeRuntime;
	/** Environment entries to run n8n (and npm for its nodes folder) with this runtime. */
	env: Record<string, string>;
}

interface RunOptions {
	cwd: string;
	env?: NodeJS.ProcessEnv;
	logFile?: string;
	timeoutMs?: number;
}

/** Runs a command, output appended to logFile (or captured), rejecting with the output tail on failure. */
export function run(command: string, args: string[], options: RunOptions): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: options.cwd,
			env: options.env ?? process.env,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const file = options.logFile ? createWriteStream(options.logFile, { flags: 'a' }) : undefined;
		file?.write(`\n$ ${command} ${args.join(' ')}\n`);
		let output = '';
		const collect = (chunk: Buffer) => {
			output += chunk.toString();
			if (output.length > 200_000) output = output.slice(-100_000);
			file?.write(chunk);
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
		}, options.timeoutMs ?? INSTALL_TIMEOUT_MS);
		child.on('error', (error) => {
			clearTimeout(timer);
			file?.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			file?.end();
			if (code === 0) resolve(output);
			else {
				const tail = output.split('\n').slice(-40).join('\n');
				reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
			}
		});
	});
}

function readMarker(dir: string): unknown {
	try {
		return JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
	} catch {
		return undefined;
	}
}

/**
 * Returns `dir` holding a finished install for `spec`: reuses it when its marker matches and `isUsable`
 * agrees, otherwise builds it with `build(stagingDir)` and moves it into place.
 */
async function cachedInstall(
	dir: string,
	spec: Record<string, unknown>,
	isUsable: (dir: string) => boolean,
	/** Builds into stagingDir; calls markDownloaded() once the slow download step is done. */
	build: (stagingDir: string, logFile: string, markDownloaded: () => void) => Promise<void>,
	log: Log,
): Promise<string> {
	const wanted = JSON.stringify(spec);
	if (JSON.stringify(readMarker(dir)) === wanted && isUsable(dir)) return dir;

	mkdirSync(path.dirname(dir), { recursive: true });
	const lockDir = `${dir}.lock`;
	await acquireLock(lockDir, log);
	try {
		// Another process may have finished it while we waited for the lock.
		if (JSON.stringify(readMarker(dir)) === wanted && isUsable(dir)) return dir;
		if (existsSync(dir)) {
			log(`removing stale or partial install ${dir}`);
			rmSync(dir, { recursive: true, force: true });
		}
		const staging = `${dir}.partial`;
		// A staging folder whose download step finished for this same spec is kept: only the build redoes.
		if (readFileSafe(path.join(staging, DOWNLOADED)) !== wanted) {
			rmSync(staging, { recursive: true, force: true });
			mkdirSync(staging, { recursive: true });
		} else log(`resuming ${path.basename(staging)}: packages already downloaded`);
		const logFile = `${dir}.install.log`;
		writeFileSync(logFile, '', { flag: 'a' });
		const started = Date.now();
		log(`installing ${path.basename(dir)} (log: ${logFile})`);
		await build(staging, logFile, () => writeFileSync(path.join(staging, DOWNLOADED), wanted));
		if (!isUsable(staging)) throw new Error(`install in ${staging} finished but is not usable; see ${logFile}`);
		writeFileSync(path.join(staging, MARKER), wanted);
		renameSync(staging, dir);
		log(`installed ${path.basename(dir)} in ${Math.round((Date.now() - started) / 1000)} s`);
		return dir;
	} finally {
		rmSync(lockDir, { recursive: true, force: true });
	}
}

/** A lock folder holding the owner's pid; a lock whose owner is gone is taken over. */
async function acquireLock(lockDir: string, log: Log): Promise<void> {
	const deadline = Date.now() + INSTALL_TIMEOUT_MS;
	let announced = false;
	for (;;) {
		try {
			mkdirSync(lockDir);
			writeFileSync(path.join(lockDir, 'pid'), String(process.pid));
			return;
		} catch {
			const owner = Number(readFileSafe(path.join(lockDir, 'pid')));
			if (!owner || !processAlive(owner)) {
				rmSync(lockDir, { recursive: true, force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for install lock ${lockDir} (pid ${owner})`);
			if (!announced) log(`waiting for another install (pid ${owner}) holding ${lockDir}`);
			announced = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
}

function readFileSafe(file: string): string {
	try {
		return readFileSync(file, 'utf8');
	} catch {
		return '';
	}
}

/** npm as run by this script's Node, with the repository's and the user's settings that matter pinned. */
function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
	const env = { ...process.env };
	// `npm run` / npx export the caller's npm settings to children;
	// the installs here decide their own, so only connection settings are inherited.
	const KEEP = /^npm_config_(registry|.*proxy|cafile|ca|strict_ssl|cache|userconfig)$/i;
	for (const key of Object.keys(env)) if (/^npm_config_/i.test(key) && !KEEP.test(key)) delete env[key];
	return {
		...env,
		npm_config_audit: 'false',
		npm_config_fund: 'false',
		npm_config_update_notifier: 'false',
		...extra,
	};
}

function nodePackageName(): string {
	const arch = process.arch === 'x64' ? 'x64' : process.arch === 'arm64' ? 'arm64' : process.arch;
	return `node-${process.platform}-${arch}`;
}

/**
 * Node 24 from the npm registry. The `node` package only fetches `node-<os>-<arch>` in an install
 * script (which npm here does not run), so the platform package is installed directly: it ships
 * bin/node and include/ (the headers node-gyp needs).
 */
export async function ensureNode24(log: Log = defaultLog): Promise<NodeRuntime> {
	const pkg = nodePackageName();
	const dir = path.join(cacheRoot(), `node-${NODE24_VERSION}`);
	const pkgDir = (root: string) => path.join(root, 'node_modules', pkg);
	await cachedInstall(
		dir,
		{ pkg, version: NODE24_VERSION },
		(root) =>
			existsSync(path.join(pkgDir(root), 'bin', 'node')) &&
			existsSync(path.join(pkgDir(root), 'include', 'node', 'node.h')),
		async (staging, logFile) => {
			writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ name: 'node24-runtime', private: true }));
			await run('npm', ['install', '--ignore-scripts', '--no-save', '--no-package-lock', `${pkg}@${NODE24_VERSION}`], {
				cwd: staging,
				env: npmEnv(),
				logFile,
			});
		},
		log,
	);
	const root = pkgDir(dir);
	return {
		nodeBin: path.join(root, 'bin', 'node'),
		binDir: path.join(root, 'bin'),
		nodeDir: root,
		version: NODE24_VERSION,
	};
}

export function systemNodeRuntime(): NodeRuntime {
	return { nodeBin: process.execPath, binDir: path.dirname(process.execPath), version: process.versions.node };
}

export async function ensureRuntime(target: N8nTarget, log: Log = defaultLog): Promise<NodeRuntime> {
	return target.runtime === 'node24' ? ensureNode24(log) : systemNodeRuntime();
}

/** Environment with `runtime` first on PATH and node-gyp pointed at its headers. */
export function runtimeEnv(runtime: NodeRuntime): Record<string, string> {
	const env: Record<string, string> = { PATH: `${runtime.binDir}${path.delimiter}${process.env.PATH ?? ''}` };
	// ~/.npmrc may set nodedir to the system Node's headers; a native module for another Node needs its own.
	if (runtime.nodeDir) env.npm_config_nodedir = runtime.nodeDir;
	return env;
}

function sqliteBindingExists(root: string): boolean {
	return existsSync(path.join(root, 'node_modules', 'sqlite3', 'build', 'Release', 'node_sqlite3.node'));
}

/**
 * n8n at the target's pinned version. Installed with --ignore-scripts (several of its dependencies
 * download prebuilt binaries in install scripts, which cannot work here), then only sqlite3, the one
 * native module n8n needs for its default database, is compiled from source against the runtime's headers.
 */
export async function ensureN8n(target: N8nTarget, log: Log = defaultLog): Promise<N8nInstall> {
	const runtime = await ensureRuntime(target, log);
	const dir = path.join(cacheRoot(), `n8n-${target.n8nVersion}-node${runtime.version.split('.')[0]}`);
	const env = runtimeEnv(runtime);
	await cachedInstall(
		dir,
		{ n8n: target.n8nVersion, node: runtime.version, overrides: target.overrides ?? {} },
		(root) => existsSync(path.join(root, 'node_modules', 'n8n', 'bin', 'n8n')) && sqliteBindingExists(root),
		async (staging, logFile, markDownloaded) => {
			if (!existsSync(path.join(staging, DOWNLOADED))) await downloadN8n(target, staging, logFile);
			markDownloaded();
			// sqlite3's install script tries a prebuilt download first; build-from-source skips that.
			await run(
				'npm',
				[
					'rebuild',
					'sqlite3',
					'--ignore-scripts=false',
					'--build-from-source',
					...(runtime.nodeDir ? [`--nodedir=${runtime.nodeDir}`] : []),
				],
				{ cwd: staging, env: npmEnv({ ...env, npm_config_build_from_source: 'true' }), logFile },
			);
		},
		log,
	);
	const install: N8nInstall = {
		target,
		dir,
		n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		runtime,
		env: { ...env, ...(target.env ?? {}) },
	};
	return install;
}

async function downloadN8n(target: N8nTarget, staging: string, logFile: string) {
	writeFileSync(
		path.join(staging, 'package.json'),
		JSON.stringify(
			{
				name: `${target.id}-runtime`,
				private: true,
				dependencies: { n8n: target.n8nVersion },
				overrides: target.overrides ?? {},
			},
			null,
			2,
		),
	);
	// Installed by the system npm: the Node 24 package ships no npm. engine-strict off because
	// n8n 2.x declares node >= 24 while this npm runs on Node 20.
	await run('npm', ['install', '--ignore-scripts', '--engine-strict=false', '--no-audit', '--no-fund'], {
		cwd: staging,
		env: npmEnv(),
		logFile,
	});
}

/** `n8n --version` under the install's runtime: proves the install loads. */
export async function n8nVersion(install: N8nInstall): Promise<string> {
	const out = await run(install.runtime.nodeBin, [install.n8nBin, '--version'], {
		cwd: install.dir,
		env: { ...process.env, ...install.env, N8N_USER_FOLDER: path.join(install.dir, '.version-probe') },
		timeoutMs: 120_000,
	});
	rmSync(path.join(install.dir, '.version-probe'), { recursive: true, force: true });
	return out.trim().split('\n').pop() ?? '';
}
