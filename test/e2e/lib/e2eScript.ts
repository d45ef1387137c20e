/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * What each end-to-end script (run.ts, tomovieeNode.ts, agent.ts, callback.ts) does around its checks: the package packed
 * while n8n installs, the fake's key and secret, the artifacts folder, and the run itself (ScriptRun: folders,
 * clean-up, also on a signal, and the closing lines with the exit code).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Checks } from './checks';
import { ensureN8n, type N8nInstall } from './n8nInstall';
import { makeTempDir, removeDir, stopAllServers, type CliResult } from './n8nServer';
import { buildAndPack, REPO_ROOT } from './packageTarball';
import { TARGETS, type N8nTarget } from './versions';

/** Where screenshots and `n8n execute` logs go (E2E_ARTIFACTS, else .artifacts/e2e). */
export const ARTIFACTS_DIR = path.resolve(REPO_ROOT, process.env.E2E_ARTIFACTS || path.join('.artifacts', 'e2e'));

/** The app key the fake accepts, and a fresh random secret, so that a leak of it is recognisable in any output. */
export function fakeAppKeyAndSecret(): { appKey: string; appSecret: string } {
	return { appKey: 'e2e-app-key', appSecret: `e2e-secret-${randomBytes(12).toString('hex')}` };
}

/** Builds and packs the package while n8n installs (an install is mostly download time); resolves with both. */
export async function packWhileInstalling(
	target: N8nTarget,
	packDir: string,
	skipBuild: boolean,
): Promise<{ install: N8nInstall; tarball: string }> {
	const installing = ensureN8n(target);
	// Awaited below; a failed build must not leave its rejection unhandled meanwhile.
	installing.catch(() => undefined);
	const tarball = await buildAndPack(packDir, { skipBuild });
	return { install: await installing, tarball };
}

/**
 * How the scripts that prove one scenario in n8n 2.x (tomoviee, agent, pipeline) start: their run, check scope and
 * folders, and the package packed while that n8n installs (`--keep`, `--skip-build` from argv).
 */
export function n8n2Script(name: string, argv: string[]) {
	const target = TARGETS.n8n2;
	const run = new ScriptRun(`${name} e2e`, argv.includes('--keep'));
	const workDir = run.tempDir(`tomoviee-${name}-e2e-`);
	return {
		run,
		target,
		check: run.checks.scope(`[${name} n8n ${target.n8nVersion}] `),
		workDir,
		userFolder: run.tempDir(`tomoviee-${name}-e2e-n8n-`),
		pack: () => packWhileInstalling(target, path.join(workDir, 'pack'), argv.includes('--skip-build')),
	};
}

/** Writes `n8n execute`'s whole output to ARTIFACTS_DIR/<name>, to read after a failure. */
export function keepExecuteLog(name: string, result: CliResult): void {
	mkdirSync(ARTIFACTS_DIR, { recursive: true });
	writeFileSync(
		path.join(ARTIFACTS_DIR, name),
		`exit ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
	);
}

/**
 * One script's run: its check ledger, its temporary folders (left in place with --keep) and what it must stop at the
 * end, stopped once, whether the run ends or is interrupted (SIGINT, SIGTERM: then it exits with 130).
 */
export class ScriptRun {
	readonly started = Date.now();
	readonly checks = new Checks();
	private readonly folders: string[] = [];
	private readonly closables: Array<{ close(): Promise<unknown> }> = [];
	private ended?: Promise<void>;

	/** `name` starts the closing lines ("<name> finished in …", "<name>: N passed, N failed"). */
	constructor(
		readonly name: string,
		readonly keep: boolean,
	) {
		for (const signal of ['SIGINT', 'SIGTERM'] as const) {
			process.once(signal, () => {
				console.error(`\n${signal}: stopping n8n and the fake servers`);
				void this.cleanUp().finally(() => process.exit(130));
			});
		}
	}

	/** A new temporary folder, removed at clean-up unless --keep. */
	tempDir(prefix: string): string {
		const dir = makeTempDir(prefix);
		this.folders.push(dir);
		return dir;
	}

	/** Something this run started (a fake server), closed at clean-up after every n8n this process started. */
	closeAtEnd<T extends { close(): Promise<unknown> }>(closable: T): T {
		this.closables.push(closable);
		return closable;
	}

	/** Stops every n8n this process started, closes what closeAtEnd was given, removes the folders (unless --keep). */
	private cleanUp(): Promise<void> {
		this.ended ??= (async () => {
			await stopAllServers();
			for (const closable of this.closables) await closable.close();
			if (this.keep) console.log(`kept ${this.folders.join(', ')}`);
			else for (const dir of this.folders) removeDir(dir);
		})();
		return this.ended;
	}

	/**
	 * Cleans up, prints the time taken, the failed checks and the count, then exits: 1 if any check failed, else 0.
	 * Called from the script's `finally`, so that a step that gives up early (a return) still ends with its count.
	 */
	async end(): Promise<never> {
		await this.cleanUp();
		console.log(`\n${this.name} finished in ${Math.round((Date.now() - this.started) / 1000)} s`);
		if (this.checks.failed.length) console.log(`failed checks:\n  ${this.checks.failed.join('\n  ')}`);
		console.log(`${this.name}: ${this.checks.summary()}`);
		process.exit(this.checks.failed.length ? 1 : 0);
	}
}
