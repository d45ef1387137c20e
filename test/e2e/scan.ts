/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * n8n's verification scanner (@n8n/scan-community-package) applied before publishing.
 *
 * Its command line downloads the package (and its attested source) from the registry by name, which
 * cannot work for an unpublished version; `analyzePackage`, which it calls after downloading, runs the same
 * rules on a folder. Applied as the scanner applies it: to the source (package.json, nodes/, credentials/)
 * and to the packed tarball (compiled **\/*.js and package.json). Any error or warning fails.
 *
 * Usage: tsx test/e2e/scan.ts [--skip-build]
 */
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import glob from 'fast-glob';
import { buildAndPack, REPO_ROOT, unpack } from './lib/packageTarball';
import { makeTempDir } from './lib/n8nServer';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface Scanner {
	analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	buildScanConfig(): Promise<unknown>;
	SOURCE_FILE_PATTERNS: string[];
}

const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

async function loadScanner(): Promise<Scanner> {
	// The scanner makes a temp folder (for registry downloads) when loaded; have `tmp` remove it at exit.
	const scannerRequire = createRequire(require.resolve('@n8n/scan-community-package/package.json'));
	(scannerRequire('tmp') as { setGracefulCleanup(): void }).setGracefulCleanup();
	// The package has no exports map; its entry module is scanner/scanner.mjs (ESM).
	// A non-literal specifier: the module ships no type declarations; the interface above is what is used of it.
	const entry: string = '@n8n/scan-community-package/scanner/scanner.mjs';
	return (await import(entry)) as Scanner;
}

/** Warnings do not fail analyzePackage; this project wants none either, so they are counted with the same config. */
async function warnings(scanner: Scanner, dir: string, patterns: string[]): Promise<string[]> {
	const { ESLint } = await import('eslint');
	const eslint = new ESLint({
		cwd: dir,
		allowInlineConfig: false,
		overrideConfigFile: true,
		overrideConfig: (await scanner.buildScanConfig()) as never,
	});
	const files = glob.sync(patterns, { cwd: dir, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
	const results = await eslint.lintFiles(files);
	return results.flatMap((r) =>
		r.messages
			.filter((m) => m.severity === 1)
			.map((m) => `${path.relative(dir, r.filePath)}:${m.line}:${m.column} ${m.ruleId} ${m.message}`),
	);
}

async function scan(scanner: Scanner, label: string, dir: string, patterns: string[]): Promise<boolean> {
	const files = glob.sync(patterns, { cwd: dir, ignore: ['node_modules/**', '**/package-lock.json'] });
	// analyzePackage passes an empty match ("No files found"); an empty scan proves nothing here.
	if (files.length === 0) {
		console.error(`✗ ${label}: no files matched ${patterns.join(', ')} in ${dir}`);
		return false;
	}
	const result = await scanner.analyzePackage(dir, patterns);
	const warned = await warnings(scanner, dir, patterns);
	const ok = result.passed && warned.length === 0;
	console.log(
		`${ok ? '✓' : '✗'} ${label}: ${files.length} files scanned${result.passed ? '' : ` — ${result.message}`}`,
	);
	if (result.details) console.log(result.details);
	for (const line of warned) console.log(`  warning ${line}`);
	return ok;
}

async function main() {
	const skipBuild = parseArgs({ options: { 'skip-build': { type: 'boolean', default: false } } }).values['skip-build'];
	const scanner = await loadScanner();
	const work = makeTempDir('tomoviee-scan-');
	try {
		const sourceOk = await scan(
			scanner,
			'source (package.json, nodes/, credentials/)',
			REPO_ROOT,
			scanner.SOURCE_FILE_PATTERNS,
		);
		const tarball = await buildAndPack(path.join(work, 'pack'), { skipBuild });
		const unpacked = await unpack(tarball, path.join(work, 'package'));
		const tarballOk = await scan(
			scanner,
			`tarball ${path.basename(tarball)} (**/*.js, package.json)`,
			unpacked,
			TARBALL_PATTERNS,
		);
		if (!sourceOk || !tarballOk) {
			console.error('scan: n8n community package scanner reported findings');
			process.exitCode = 1;
		} else console.log('scan: passed');
	} finally {
		rmSync(work, { recursive: true, force: true });
	}
}

main().catch((error) => {
	console.error(`scan failed: ${error instanceof Error ? error.stack : error}`);
	process.exit(1);
});
