/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';

/**
 * Everything the tests and the tooling import is declared in package.json, so a fresh `npm ci` installs it by name
 * rather than by luck of hoisting; and the n8n packages the harness takes from n8n-core's DI container are the very
 * versions n8n-core pins, so both sides share one container.
 */

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	devDependencies: Record<string, string>;
	peerDependencies: Record<string, string>;
};

/** Files whose imports run only in development: tests, tools, and the repository's config files. */
function developmentFiles(): string[] {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const full = path.join(dir, entry.name);
			if (entry.isDirectory()) walk(full);
			else if (/\.(ts|js|mjs|cjs)$/.test(entry.name)) files.push(full);
		}
	};
	walk(path.join(ROOT, 'test'));
	const configs = ['eslint.config.mjs', 'eslint.package.config.mjs', 'gulpfile.js'];
	return [...files, ...configs.map((name) => path.join(ROOT, name))];
}

const IMPORT_PATTERNS = [
	/\bimport\s+(?:type\s+)?[\w*{}\s,$]+?\s+from\s+['"]([^'"]+)['"]/g,
	/\bexport\s+[\w*{}\s,$]+?\s+from\s+['"]([^'"]+)['"]/g,
	/\bimport\s+['"]([^'"]+)['"]/g,
	/\b(?:import|require|require\.resolve)\(\s*['"]([^'"]+)['"]\s*[,)]/g,
];

/** The package a bare specifier names ('@n8n/di', 'eslint' for 'eslint/config'); undefined for relative and built-ins. */
function packageOf(specifier: string): string | undefined {
	if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
	const name = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
	return builtinModules.includes(name) ? undefined : name;
}

function importedPackages(source: string): string[] {
	const names = new Set<string>();
	for (const pattern of IMPORT_PATTERNS) {
		for (const match of source.matchAll(pattern)) {
			const name = packageOf(match[1]);
			if (name) names.add(name);
		}
	}
	return [...names];
}

describe('development dependencies', () => {
	it('reads a specifier the way Node resolves it', () => {
		expect(packageOf('@n8n/di')).toBe('@n8n/di');
		expect(packageOf('eslint/config')).toBe('eslint');
		expect(packageOf('node:fs')).toBeUndefined();
		expect(packageOf('fs')).toBeUndefined();
		expect(packageOf('./lib/editor')).toBeUndefined();
		expect(
			importedPackages(
				"import type { A } from 'alpha';\nimport {\n\tb,\n\tc,\n} from '@scope/beta/sub';\nconst d = require('delta');\nawait import('epsilon');",
			).sort(),
		).toEqual(['@scope/beta', 'alpha', 'delta', 'epsilon']);
	});

	it('declares every package that a test, a tool or a config file imports', () => {
		const declared = new Set([...Object.keys(pkg.devDependencies), ...Object.keys(pkg.peerDependencies)]);
		const undeclared: string[] = [];
		let importsSeen = 0;
		// This file's own examples of import syntax are not imports.
		for (const file of developmentFiles().filter((f) => f !== __filename)) {
			const names = importedPackages(readFileSync(file, 'utf8'));
			importsSeen += names.length;
			for (const name of names) {
				if (!declared.has(name)) undeclared.push(`${path.relative(ROOT, file)} imports ${name}`);
			}
		}
		expect(importsSeen).toBeGreaterThan(20);
		expect(undeclared).toEqual([]);
	});

	it('pins the n8n packages the harness shares with n8n-core at the versions n8n-core depends on', () => {
		const core = JSON.parse(readFileSync(require.resolve('n8n-core/package.json'), 'utf8')) as {
			dependencies: Record<string, string>;
		};
		for (const name of ['@n8n/di', '@n8n/config', '@n8n/backend-common']) {
			expect({ name, version: pkg.devDependencies[name] }).toEqual({ name, version: core.dependencies[name] });
		}
	});
});
