/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * Installs (or verifies the cached) n8n releases used by the e2e run and prints where they are.
 * Usage: tsx test/e2e/install-n8n.ts [n8n2|n8n1 ...]   (default: both)
 */
import { parseArgs } from 'node:util';
import { ensureN8n, n8nVersion, cacheRoot } from './lib/n8nInstall';
import { TARGETS } from './lib/versions';

async function main() {
	const ids = parseArgs({ allowPositionals: true }).positionals;
	const wanted = (ids.length ? ids : Object.keys(TARGETS)) as Array<keyof typeof TARGETS>;
	console.log(`cache: ${cacheRoot()}`);
	for (const id of wanted) {
		const target = TARGETS[id];
		if (!target) throw new Error(`unknown target ${id}; known: ${Object.keys(TARGETS).join(', ')}`);
		const started = Date.now();
		const install = await ensureN8n(target);
		const version = await n8nVersion(install);
		console.log(
			`${id}: n8n ${version} on node ${install.runtime.version} at ${install.dir} (${Math.round((Date.now() - started) / 1000)} s)`,
		);
		if (version !== target.n8nVersion) throw new Error(`${id}: expected n8n ${target.n8nVersion}, got "${version}"`);
	}
}

main().catch((error) => {
	console.error(`install-n8n failed: ${error instanceof Error ? error.message : error}`);
	process.exit(1);
});
