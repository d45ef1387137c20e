/** Watches the package's sources for `npm start -- --watch`: bursts of changes become one rebuild. */
import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from '../e2e/lib/packageTarball';

export const WATCHED_DIRS = ['nodes', 'credentials'];
const SETTLE_MS = 400;

/**
 * Calls `onChange` with the changed files once edits settle; never twice at once: changes made during a
 * rebuild trigger one more rebuild after it. Returns a function that stops watching.
 */
export function watchSources(onChange: (changed: string[]) => Promise<void>, log: (line: string) => void): () => void {
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
