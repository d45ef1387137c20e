/**
 * `prepublishOnly`: refuses `npm publish` (dry runs included) anywhere but the publish workflow.
 *
 * n8n requires community nodes to be published from GitHub Actions with an npm provenance statement, so a publish
 * from a laptop is a mistake even when it succeeds. This passes only inside GitHub Actions, with an OIDC token
 * available (the job has `permissions: id-token: write`), provenance requested, and the run started by the tag
 * `v<version>` of the version being published. npm runs it because the repository's .npmrc does not set
 * ignore-scripts (installs pass --ignore-scripts instead).
 */

export type Env = Record<string, string | undefined>;

const HOW_TO_PUBLISH = [
	'n8n-nodes-tomoviee is published only by .github/workflows/publish.yml, which adds the npm provenance statement',
	'n8n requires of community nodes. To release:',
	'  1. add the release to CHANGELOG.md and commit',
	'  2. npm version <patch|minor|major>   (bumps package.json, commits, tags v<version>)',
	'  3. git push --follow-tags            (the tag starts the publish workflow)',
	'To see what would be packed, use `npm pack --dry-run`.',
].join('\n');

/** Why this environment may not publish, or undefined when it is the publish workflow. */
export function publishRefusal(env: Env): string | undefined {
	const problems: string[] = [];
	if (env.GITHUB_ACTIONS !== 'true') problems.push('not running in GitHub Actions (GITHUB_ACTIONS is not "true")');
	if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
		problems.push('no OIDC token to sign provenance (the job needs `permissions: id-token: write`)');
	}
	if ((env.npm_config_provenance ?? env.NPM_CONFIG_PROVENANCE) !== 'true') {
		problems.push('provenance not requested (publish with `npm publish --provenance`)');
	}
	const expectedTag = `v${env.npm_package_version ?? '?'}`;
	if (env.GITHUB_REF_TYPE !== 'tag' || env.GITHUB_REF_NAME !== expectedTag) {
		problems.push(`not started by the tag ${expectedTag} (ref: ${env.GITHUB_REF_NAME ?? 'none'})`);
	}
	if (problems.length === 0) return undefined;
	return `Refusing to publish: ${problems.join('; ')}.\n\n${HOW_TO_PUBLISH}`;
}

if (require.main === module) {
	const refusal = publishRefusal(process.env);
	if (refusal) {
		console.error(refusal);
		process.exit(1);
	}
	console.log(`publish guard: GitHub Actions, OIDC and provenance present, tag ${process.env.GITHUB_REF_NAME}`);
}
