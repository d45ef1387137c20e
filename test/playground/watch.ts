/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- Node test tooling, not n8n runtime code */
/**
 * `npm start -- --watch`, the way `n8n-node dev` does it: TypeScript in watch mode compiles nodes/ and credentials/
 * straight into the installed package's dist/, and icons are copied there as they change. n8n, started with
 * N8N_DEV_RELOAD, watches that folder and reloads the node in place (the editor is told to refresh its node types),
 * so a change needs no pack, no reinstall and no n8n restart.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../e2e/lib/packageTarball';

const WATCHED_DIRS = ['nodes', 'credentials'];
const SETTLE_MS = 400;
const ICON = /\.(png|svg)$/;

/**
 * Calls `onChange` with the changed files once edits settle; never twice at once: changes made during a
 * run trigger one more run after it. Returns a function that stops watching.
 */
function watchSources(onChange: (changed: string[]) => Promise<void>, log: (line: string) => void): () => void {
	const pending = new Set<string>();
	let timer: NodeJS.Timeout | undefined;
	let running = false;

	const flush = async () => {
		timer = undefined;
		if (running || pending.size === 0) return;
		running = true;
		const changed = [...pending];
		pending.clear();
		try {
			await onChange(changed);
		} finally {
			running = false;
			if (pending.size) schedule();
		}
	};
	const schedule = () => {
		if (timer) clearTimeout(timer);
		timer = setTimeout(() => void flush(), SETTLE_MS);
	};

	const watchers: FSWatcher[] = WATCHED_DIRS.map((dir) =>
		// Recursive watching works on Linux from Node 20, macOS and Windows.
		watch(path.join(REPO_ROOT, dir), { recursive: true }, (_event, file) => {
			if (!file || /(^|[\\/])\.|~$|\.swp$/.test(file.toString())) return; // editor temp files
			pending.add(path.join(dir, file.toString()));
			schedule();
		}),
	);
	log(`watching ${WATCHED_DIRS.map((d) => `${d}/`).join(' and ')}`);
	return () => {
		if (timer) clearTimeout(timer);
		for (const watcher of watchers) watcher.close();
	};
}

/**
 * Compiles into `outDir` (the installed package's dist/) on every change until the returned function is called.
 * Logs each compile with its duration and TypeScript's own error lines.
 */
export function compileIntoPackage(outDir: string, log: (line: string) => void): () => void {
	const tsc = spawn(
		process.execPath,
		[
			require.resolve('typescript/bin/tsc'),
			'-p',
			'tsconfig.json',
			'--watch',
			'--preserveWatchOutput',
			'--outDir',
			outDir,
		],
		{ cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
	);
	let stopped = false;
	let compileStarted = Date.now();
	let first = true;
	let buffered = '';
	const onLine = (line: string) => {
		const text = line.replace(/^\S+ (AM|PM)? ?- /, '').trim(); // tsc's clock prefix
		if (!text) return;
		if (/Starting (incremental )?compilation/.test(text) || /File change detected/.test(text)) {
			compileStarted = Date.now();
			return;
		}
		const found = /^Found (\d+) errors?\b/.exec(text);
		if (found) {
			const took = ((Date.now() - compileStarted) / 1000).toFixed(1);
			const errors = Number(found[1]);
			const outcome = errors ? `with ${errors} TypeScript error(s) (above)` : 'without errors';
			log(
				`${first ? 'first compile' : 'compiled'} into the installed package in ${took} s, ${outcome}; n8n reloads the node in place`,
			);
			first = false;
			return;
		}
		log(`tsc: ${text}`);
	};
	const onData = (chunk: Buffer) => {
		buffered += chunk.toString();
		const lines = buffered.split(/\r?\n/);
		buffered = lines.pop() ?? '';
		for (const line of lines) onLine(line);
	};
	tsc.stdout.on('data', onData);
	tsc.stderr.on('data', onData);
	tsc.on('exit', (code, signal) => {
		if (!stopped) log(`TypeScript's watcher ended (${signal ?? `exit ${code}`}): changes are no longer compiled`);
	});

	// tsc copies the codex JSON files itself; the icons are files it does not know.
	const stopIcons = watchSources(async (changed) => {
		for (const file of changed.filter((f) => ICON.test(f) && existsSync(path.join(REPO_ROOT, f)))) {
			const target = path.join(outDir, file);
			mkdirSync(path.dirname(target), { recursive: true });
			copyFileSync(path.join(REPO_ROOT, file), target);
			log(`copied ${file} into the installed package`);
		}
	}, log);

	return () => {
		stopped = true;
		stopIcons();
		tsc.kill('SIGTERM');
	};
}
