/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The GitHub workflows cannot run here, so their shape is checked instead: what triggers them, what they may do, and
 * that each command they run still exists and still means what n8n's provenance rule expects.
 */

const ROOT = path.resolve(__dirname, '../../..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
	version: string;
	engines: { node: string };
	scripts: Record<string, string>;
};

interface Step {
	uses?: string;
	run?: string;
	with?: Record<string, string>;
	env?: Record<string, string>;
}
interface Job {
	'runs-on': string;
	permissions?: Record<string, string>;
	strategy?: { matrix: Record<string, string[]> };
	steps: Step[];
}
interface Workflow {
	on: Record<string, { branches?: string[]; tags?: string[] } | null>;
	permissions?: Record<string, string>;
	jobs: Record<string, Job>;
}

function workflow(name: string): Workflow {
	return parse(readFileSync(path.join(ROOT, '.github', 'workflows', name), 'utf8')) as Workflow;
}

function onlyJob(wf: Workflow): Job {
	const jobs = Object.values(wf.jobs);
	if (jobs.length !== 1) throw new Error(`expected one job, found ${jobs.length}`);
	return jobs[0];
}

/** Every shell command of a job, one per line, in order. */
function commands(job: Job): string[] {
	return job.steps.flatMap((step) => (step.run ?? '').split('\n').map((line) => line.trim())).filter(Boolean);
}

/** Index of the first command starting with `prefix`; fails the test when there is none. */
function position(list: string[], prefix: string): number {
	const index = list.findIndex((command) => command === prefix || command.startsWith(`${prefix} `));
	expect({ prefix, found: index >= 0 }).toEqual({ prefix, found: true });
	return index;
}

/** GitHub's filter pattern as a RegExp, for the wildcards used here (`*` matches anything but `/`). */
function filterPattern(glob: string): RegExp {
	return new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
}

function setupNode(job: Job): Step {
	const step = job.steps.find((s) => s.uses?.startsWith('actions/setup-node@'));
	expect(step).toBeDefined();
	return step!;
}

/** The major Node versions a job runs on (`24.x`, `'20'`, or a matrix of them). */
function nodeMajors(job: Job): number[] {
	const declared = String(setupNode(job).with?.['node-version']);
	const matrix = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(declared);
	const versions = matrix ? job.strategy!.matrix[matrix[1]] : [declared];
	return versions.map((v) => {
		expect(String(v)).toMatch(/^\d+(\.x|\.\d+\.\d+)?$/);
		return Number.parseInt(String(v), 10);
	});
}

describe.each(['ci.yml', 'publish.yml'])('%s', (name) => {
	const job = onlyJob(workflow(name));

	it('installs from the lockfile as a user types it (.npmrc keeps install scripts off), on a GitHub-hosted runner', () => {
		expect(job['runs-on']).toBe('ubuntu-latest');
		const installs = commands(job).filter((c) => /^npm (ci|install|i)\b/.test(c));
		expect(installs).toEqual(['npm ci']);
	});

	it('runs only npm scripts that package.json defines', () => {
		const scripts = commands(job)
			.map((c) => /^npm (?:run (\S+)|(test))\b/.exec(c))
			.filter((m): m is RegExpExecArray => m !== null)
			.map((m) => m[1] ?? m[2]);
		expect(scripts.length).toBeGreaterThan(0);
		expect(scripts.filter((s) => !(s in pkg.scripts))).toEqual([]);
	});
});

describe('ci.yml', () => {
	const wf = workflow('ci.yml');
	const job = onlyJob(wf);

	it('runs on pushes to main and on pull requests, read-only', () => {
		expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push']);
		expect(wf.on.push?.branches).toEqual(['main']);
		expect(wf.permissions).toEqual({ contents: 'read' });
		expect(job.permissions).toBeUndefined();
	});

	it('installs, builds, lints, typechecks and runs npm test, in that order', () => {
		const list = commands(job);
		const order = ['npm ci', 'npm run build', 'npm run lint', 'npm run lint:dist', 'npm run typecheck', 'npm test'].map(
			(prefix) => position(list, prefix),
		);
		expect(order).toEqual([...order].sort((a, b) => a - b));
	});

	it("tests on the lowest Node that package.json's engines allow and on the Node n8n 2.x runs on", () => {
		const floor = Number(/^>=\s*(\d+)/.exec(pkg.engines.node)?.[1]);
		expect(floor).toBe(20);
		expect(nodeMajors(job).sort()).toEqual([floor, 24]);
	});
});

describe('publish.yml', () => {
	const wf = workflow('publish.yml');
	const job = onlyJob(wf);

	it('runs only for a pushed version tag, and the tag of this version matches', () => {
		expect(Object.keys(wf.on)).toEqual(['push']);
		expect(wf.on.push?.branches).toBeUndefined();
		const tags = wf.on.push?.tags ?? [];
		expect(tags.length).toBeGreaterThan(0);
		expect(tags.some((tag) => filterPattern(tag).test(`v${pkg.version}`))).toBe(true);
		// Every tag the trigger accepts is v<semver>, as `npm version` makes them.
		for (const tag of tags) expect(tag).toMatch(/^v/);
	});

	it('may mint an OIDC token (id-token: write) and only read the repository', () => {
		expect(job.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(wf.permissions).toBeUndefined();
	});

	it("publishes with Node 24's npm (trusted publishing needs npm 11.5.1+) to the public registry", () => {
		expect(nodeMajors(job)).toEqual([24]);
		expect(setupNode(job).with?.['registry-url']).toBe('https://registry.npmjs.org');
	});

	it('lints, builds and tests before it publishes with --provenance, token only as a fallback', () => {
		const list = commands(job);
		const publishAt = position(list, 'npm publish');
		expect(list[publishAt].split(/\s+/)).toContain('--provenance');
		expect(list.filter((c) => c.startsWith('npm publish'))).toHaveLength(1);
		for (const before of ['npm ci', 'npm run lint', 'npm test', 'npm run lint:dist']) {
			expect({ before, ok: position(list, before) < publishAt }).toEqual({ before, ok: true });
		}
		const publishStep = job.steps.find((s) => s.run?.includes('npm publish'))!;
		// The token reaches only the publish step; npm tries the OIDC exchange (trusted publishing) first.
		expect(publishStep.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.NPM_TOKEN }}' });
		expect(job.steps.filter((s) => JSON.stringify(s).includes('secrets.'))).toEqual([publishStep]);
	});
});
