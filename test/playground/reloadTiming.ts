/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/no-dangerous-functions -- Node test tooling, not n8n runtime code */
/**
 * `npm run bench:watch`: how long an edit takes to show in the n8n that `npm start -- --watch` runs.
 *
 * Starts `npm start -- --watch` in a throw-away home folder on free ports, signs in, then edits the node's
 * description in nodes/Tomoviee/TomovieeImageToVideo.node.ts and times, from the moment the file is written, until
 * n8n serves the new description in /types/nodes.json (what the editor's node panel reads). Alternates between
 * two edits, then restores the file and waits for n8n to serve the original again. Prints each sample, the median,
 * and whether n8n was restarted for it. The file is restored on every exit path.
 *
 * Usage: npm run bench:watch -- [--samples N]   (default 5)
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { NODE_TYPE } from '../e2e/lib/fixtures';
import { REPO_ROOT } from '../e2e/lib/packageTarball';
import { LOCAL_OWNER, N8nRestClient } from '../e2e/lib/restClient';
import type { ReadyInfo } from './devStack';

const SOURCE = path.join(REPO_ROOT, 'nodes', 'Tomoviee', 'TomovieeImageToVideo.node.ts');
const DESCRIPTION = 'Turn a still image and a prompt into a 5-second AI video with Tomoviee';
const START_TIMEOUT_MS = 15 * 60_000;
const VISIBLE_TIMEOUT_MS = 5 * 60_000;
const POLL_MS = 100;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function servedDescription(client: N8nRestClient): Promise<string | undefined> {
	try {
		const answer = await client.request<Array<{ name: string; description?: string }>>('GET', '/types/nodes.json');
		if (answer.status === 401) await client.login(LOCAL_OWNER);
		if (!Array.isArray(answer.data)) return undefined;
		return answer.data.find((type) => type.name === NODE_TYPE)?.description;
	} catch {
		return undefined; // n8n restarting: not listening
	}
}

function n8nPid(home: string): number | undefined {
	try {
		return (JSON.parse(readFileSync(path.join(home, 'start.pid'), 'utf8')) as { n8nPid?: number }).n8nPid;
	} catch {
		return undefined;
	}
}

async function main() {
	const samples = Number(parseArgs({ options: { samples: { type: 'string', default: '5' } } }).values.samples);
	const original = readFileSync(SOURCE, 'utf8');
	if (!original.includes(`description: '${DESCRIPTION}',`))
		throw new Error(`${SOURCE} no longer holds the description this bench edits`);
	const home = mkdtempSync(path.join(tmpdir(), 'tomoviee-reload-'));
	const readyFile = path.join(home, 'ready-copy.json');
	const child = spawn(
		'npm',
		[
			'start',
			'--',
			'--watch',
			'--no-run',
			'--home',
			home,
			'--n8n-port',
			'0',
			'--fake-port',
			'0',
			'--ready-file',
			readyFile,
		],
		{
			cwd: REPO_ROOT,
			env: { ...process.env, TOMOVIEE_APP_KEY: '', TOMOVIEE_APP_SECRET: '' },
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		},
	);
	const running = () => child.exitCode === null && child.signalCode === null;
	let output = '';
	child.stdout.on('data', (c: Buffer) => (output += c.toString()));
	child.stderr.on('data', (c: Buffer) => (output += c.toString()));
	const restore = () => {
		if (readFileSync(SOURCE, 'utf8') !== original) writeFileSync(SOURCE, original);
	};
	process.on('SIGINT', () => {
		restore();
		process.kill(-child.pid!, 'SIGINT');
		process.exit(130);
	});

	const times: number[] = [];
	try {
		const startDeadline = Date.now() + START_TIMEOUT_MS;
		while (!existsSync(readyFile)) {
			if (!running() || Date.now() > startDeadline)
				throw new Error(`npm start did not get ready:\n${output.slice(-3000)}`);
			await sleep(500);
		}
		const info = JSON.parse(readFileSync(readyFile, 'utf8')) as ReadyInfo;
		const client = new N8nRestClient(info.editorUrl.replace(/\/$/, ''));
		await client.login(LOCAL_OWNER);
		if ((await servedDescription(client)) !== DESCRIPTION)
			throw new Error('n8n does not serve the original description');
		// The watcher's first compile and the reload it causes are start-up, not an edit.
		while (!/first compile/.test(output)) {
			if (!running() || Date.now() > startDeadline)
				throw new Error(`npm start -- --watch never compiled:\n${output.slice(-3000)}`);
			await sleep(500);
		}
		await sleep(5000);

		const edits = Array.from({ length: samples }, (_, i) => `${DESCRIPTION} (edit ${i + 1})`);
		for (const [i, description] of [...edits, DESCRIPTION].entries()) {
			const pidBefore = n8nPid(home);
			const outputBefore = output.length;
			const written = Date.now();
			writeFileSync(SOURCE, original.replace(`description: '${DESCRIPTION}',`, `description: '${description}',`));
			while ((await servedDescription(client)) !== description) {
				if (Date.now() - written > VISIBLE_TIMEOUT_MS)
					throw new Error(`"${description}" not served within ${VISIBLE_TIMEOUT_MS / 1000} s:\n${output.slice(-3000)}`);
				await sleep(POLL_MS);
			}
			const ms = Date.now() - written;
			const restarted = n8nPid(home) !== pidBefore;
			const what = i < edits.length ? `edit ${i + 1}` : 'restore';
			// What npm start said meanwhile about its own steps (compile or rebuild times).
			const steps = output
				.slice(outputBefore)
				.split('\n')
				.filter((line) => /^\[start\].*\d s\b/.test(line));
			console.log(
				`${what}: visible after ${(ms / 1000).toFixed(1)} s (n8n ${restarted ? 'restarted' : 'kept running, same pid'})`,
			);
			for (const line of steps) console.log(`  ${line}`);
			if (i < edits.length) times.push(ms);
			await sleep(2000); // so the next edit is not folded into this one's burst
		}
		const sorted = [...times].sort((a, b) => a - b);
		console.log(
			`edit to visible in /types/nodes.json: median ${(sorted[Math.floor(sorted.length / 2)] / 1000).toFixed(1)} s over ${times.length} edits (min ${(sorted[0] / 1000).toFixed(1)} s, max ${(sorted[sorted.length - 1] / 1000).toFixed(1)} s)`,
		);
	} finally {
		restore();
		if (running()) {
			process.kill(-child.pid!, 'SIGINT');
			for (let i = 0; i < 60 && running(); i++) await sleep(500);
			if (running()) process.kill(-child.pid!, 'SIGKILL');
		}
		rmSync(home, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	console.error(`bench:watch failed: ${(error as Error).message}`);
	process.exit(1);
});
