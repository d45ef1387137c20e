/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- Node test tooling, not n8n runtime code */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * n8n requires community packages to be published with a provenance statement, i.e. from GitHub Actions
 * (.github/workflows/publish.yml). package.json's publishConfig makes npm itself insist on provenance, so a publish
 * from anywhere that cannot produce one (a laptop, another CI) fails before anything is sent. (.npmrc's
 * ignore-scripts=true would skip a prepublishOnly guard, so the rule lives in npm's own config instead.)
 */

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	publishConfig?: Record<string, unknown>;
	scripts: Record<string, string>;
};

it('package.json makes every npm publish generate provenance', () => {
	expect(pkg.publishConfig).toEqual({ provenance: true });
});

it('has no lifecycle script, which .npmrc (ignore-scripts=true) would silently skip', () => {
	const npmrc = readFileSync(path.join(ROOT, '.npmrc'), 'utf8');
	expect(npmrc.split('\n').map((line) => line.trim())).toContain('ignore-scripts=true');
	const lifecycle = /^(pre|post)|^(prepare|install|uninstall|pack|publish|version)$/;
	expect(Object.keys(pkg.scripts).filter((name) => lifecycle.test(name))).toEqual([]);
});

it('npm refuses a real publish from outside GitHub Actions, before it reaches the registry', () => {
	const env: Record<string, string | undefined> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// The caller's npm settings, CI identity and tokens stay out: this is a publish from a plain shell.
		if (/^(npm_|NPM_|GITHUB_|ACTIONS_|GITLAB_|CI$|NODE_AUTH_TOKEN$)/i.test(key)) continue;
		env[key] = value;
	}
	// Not a dry run (npm skips provenance in dry runs). Nothing can be published: the registry is a closed loopback
	// port, and the token exists only for it, so that npm goes past its login check.
	const result = spawnSync(
		'npm',
		[
			'publish',
			'--registry=http://127.0.0.1:9/',
			'--//127.0.0.1:9/:_authToken=local-test-token',
			'--fetch-retries=0',
			'--no-audit',
		],
		{ cwd: ROOT, env, encoding: 'utf8', timeout: 120_000 },
	);
	const output = `${result.stdout}\n${result.stderr}`;
	expect(output).toContain('Automatic provenance generation not supported');
	expect(output).not.toMatch(/ECONNREFUSED/);
	expect(result.status).not.toBe(0);
});
