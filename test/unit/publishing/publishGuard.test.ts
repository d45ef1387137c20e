import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { publishRefusal, type Env } from '../../../scripts/publishGuard';

const ROOT = path.resolve(__dirname, '../../..');
const { version } = require(path.join(ROOT, 'package.json')) as { version: string };

/** What the publish job of .github/workflows/publish.yml hands to `prepublishOnly`. */
const PUBLISH_JOB: Env = {
	GITHUB_ACTIONS: 'true',
	ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/oidc',
	ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
	npm_config_provenance: 'true',
	npm_package_version: version,
	GITHUB_REF_TYPE: 'tag',
	GITHUB_REF_NAME: `v${version}`,
};

describe('publishRefusal', () => {
	it('lets the publish workflow through', () => {
		expect(publishRefusal(PUBLISH_JOB)).toBeUndefined();
		expect(
			publishRefusal({ ...PUBLISH_JOB, npm_config_provenance: undefined, NPM_CONFIG_PROVENANCE: 'true' }),
		).toBeUndefined();
	});

	it.each([
		['a laptop', { GITHUB_ACTIONS: undefined }, 'not running in GitHub Actions'],
		['a job without id-token: write', { ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined }, 'id-token: write'],
		['a publish without --provenance', { npm_config_provenance: undefined }, 'npm publish --provenance'],
		['a branch push', { GITHUB_REF_TYPE: 'branch', GITHUB_REF_NAME: 'main' }, `not started by the tag v${version}`],
		['a tag of another version', { GITHUB_REF_NAME: 'v9.9.9' }, `not started by the tag v${version} (ref: v9.9.9)`],
	])('refuses %s, naming why and how to publish', (_case, change, reason) => {
		const refusal = publishRefusal({ ...PUBLISH_JOB, ...change });
		expect(refusal).toContain(reason);
		expect(refusal).toContain('.github/workflows/publish.yml');
		expect(refusal).toContain('git push --follow-tags');
	});

	it('names every missing condition at once', () => {
		const refusal = publishRefusal({});
		expect(refusal).toMatch(/GitHub Actions.*id-token: write.*--provenance.*tag v\?/s);
	});
});

/**
 * `npm publish --dry-run` in this repository, as npm runs it. Nothing can be published: it is a dry run, the registry
 * is a closed loopback port, and no credentials are configured for it.
 */
function npmPublishDryRun(env: Env, extraArgs: string[] = []) {
	const clean: Env = {};
	for (const [key, value] of Object.entries(process.env)) {
		// The caller's npm settings, CI identity and tokens stay out: only the scenario's own variables count.
		if (/^(npm_|NPM_|GITHUB_|ACTIONS_|CI$|NODE_AUTH_TOKEN$)/i.test(key)) continue;
		clean[key] = value;
	}
	const result = spawnSync(
		'npm',
		['publish', '--dry-run', '--registry=http://127.0.0.1:9/', '--fetch-retries=0', '--no-audit', ...extraArgs],
		{ cwd: ROOT, env: { ...clean, ...env }, encoding: 'utf8', timeout: 120_000 },
	);
	return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

describe('npm publish runs the guard (prepublishOnly)', () => {
	it('refuses a dry run from this machine before npm packs anything', () => {
		const { status, output } = npmPublishDryRun({});
		expect(output).toContain('Refusing to publish: not running in GitHub Actions');
		expect(output).toContain('git push --follow-tags');
		expect(output).not.toContain('Tarball Contents');
		expect(status).not.toBe(0);
	});

	it('lets a dry run through in an environment shaped like the publish job', () => {
		// The OIDC URL is a closed loopback port too: npm's token exchange fails quietly and the dry run goes on.
		const { status, output } = npmPublishDryRun(
			{
				GITHUB_ACTIONS: 'true',
				ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:9/oidc',
				ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token',
				GITHUB_REF_TYPE: 'tag',
				GITHUB_REF_NAME: `v${version}`,
			},
			['--provenance', '--force'],
		);
		expect(output).toContain(`publish guard: GitHub Actions, OIDC and provenance present, tag v${version}`);
		expect(output).toContain('(dry-run)');
		expect(status).toBe(0);
	});
});
