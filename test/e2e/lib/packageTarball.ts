/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/** Builds this repository and packs it exactly as `npm publish` would ship it. */
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { run } from './n8nInstall';

export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * `npm run build` (unless skipBuild) then `npm pack` into outDir; returns the tarball's path.
 * Pack runs no lifecycle script (--ignore-scripts): the build is explicit.
 */
export async function buildAndPack(
	outDir: string,
	options: { skipBuild?: boolean; logFile?: string } = {},
): Promise<string> {
	if (!options.skipBuild)
		await run('npm', ['run', 'build'], { cwd: REPO_ROOT, logFile: options.logFile, timeoutMs: 10 * 60_000 });
	mkdirSync(outDir, { recursive: true });
	await run('npm', ['pack', '--ignore-scripts', '--pack-destination', outDir], {
		cwd: REPO_ROOT,
		logFile: options.logFile,
		timeoutMs: 5 * 60_000,
	});
	const tarball = readdirSync(outDir).find((name) => /^n8n-nodes-tomoviee-.*\.tgz$/.test(name));
	if (!tarball) throw new Error(`npm pack produced no n8n-nodes-tomoviee tarball in ${outDir}`);
	return path.join(outDir, tarball);
}

/** Unpacks a tarball's `package/` folder into destDir. */
export async function unpack(tarball: string, destDir: string): Promise<string> {
	mkdirSync(destDir, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', destDir, '--strip-components=1'], { cwd: destDir, timeoutMs: 60_000 });
	return destDir;
}
