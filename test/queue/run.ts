/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * `npm run test:queue`: the packed package on n8n's distributed engine. Brings up, on loopback only and from nothing,
 * PostgreSQL and Redis from Debian's packages and n8n 2.40.7 in queue mode (main, two workers of concurrency 2, a
 * webhook process), then proves and measures (see README.md in this folder):
 *   1. throughput of Wait Mode Poll against Callback (executions x items of ~1-minute tasks),
 *   2. callback executions resumed by whichever worker is alive after the one that created them is SIGKILLed,
 *   3. what n8n does when a worker is SIGKILLed during Poll, and what that means for the tasks,
 *   4. Return As Binary File in queue mode (the file in PostgreSQL, read whole by the next node; peak memory),
 *   5. every output equal to the same workflow's in regular mode.
 * Prints a table, a JSON line and `queue: N passed, N failed`; exits non-zero on any failed check. Everything it
 * started is stopped and removed at the end, also after a failure or on SIGINT/SIGTERM.
 *
 * Usage: tsx test/queue/run.ts [--skip-build] [--keep] [--quick] [--env KEY=VALUE ...]
 *   --quick: 4 executions, 15-second tasks, a 20 MB video (for working on this script; CI runs the full scale)
 *   --env:   an extra setting for every n8n process, e.g. --env DB_POSTGRESDB_POOL_SIZE=10 (to try a setting)
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startFakeTomoviee, tomovieeCredentialFor, type FakeTomoviee } from '../fake-tomoviee';
import { Checks } from '../e2e/lib/checks';
import { ensureN8n } from '../e2e/lib/n8nInstall';
import { makeTempDir, removeDir } from '../e2e/lib/n8nServer';
import { buildAndPack } from '../e2e/lib/packageTarball';
import { processAlive } from '../e2e/lib/processes';
import { N8N2 } from '../e2e/lib/versions';
import { QueueCluster, WORKER_CONCURRENCY } from './lib/cluster';
import { Teardown } from './lib/teardown';
import { CREDENTIAL_NAME, ReportReceiver } from './lib/workflows';
import {
	binary,
	callbackBurst,
	FULL_SCALE,
	QUICK_SCALE,
	referenceRun,
	resumeAnywhere,
	throughput,
	workerDiesDuringPoll,
	type BinaryFigures,
	type BurstFigures,
	type Context,
	type ResumeFigures,
	type ThroughputFigures,
	type WorkerKilledFigures,
} from './scenarios';

interface Results {
	n8n: string;
	extraEnv: Record<string, string>;
	setup: string;
	scale: typeof FULL_SCALE;
	setupSeconds?: number;
	regularReferenceSeconds?: number;
	throughput: Partial<Record<'poll' | 'callback', ThroughputFigures>>;
	binary: Partial<Record<'poll' | 'callback', BinaryFigures>>;
	pollWorkerKilled?: WorkerKilledFigures;
	resumeAnywhere?: ResumeFigures;
	callbackBurst?: { lazyIsolates?: BurstFigures; defaults?: BurstFigures };
	wallSeconds?: number;
}

const started = Date.now();
const log = (line: string) => console.log(`[queue +${Math.round((Date.now() - started) / 1000)}s] ${line}`);

async function main() {
	const args = process.argv.slice(2);
	const keep = args.includes('--keep');
	const scale = args.includes('--quick') ? QUICK_SCALE : FULL_SCALE;
	const extraEnv = Object.fromEntries(
		args.flatMap((arg, index) =>
			arg === '--env' && args[index + 1]?.includes('=') ? [args[index + 1].split(/=(.*)/s).slice(0, 2)] : [],
		),
	) as Record<string, string>;
	const checks = new Checks();
	const check = checks.scope('');
	const teardown = new Teardown();
	teardown.installHandlers(log);
	const workDir = makeTempDir('tomoviee-queue-');
	teardown.add({
		name: 'work folder',
		stop: async () => (keep ? log(`kept ${workDir}`) : removeDir(workDir)),
		stopSync: () => (keep ? undefined : removeDir(workDir)),
	});
	const results: Results = {
		n8n: N8N2.n8nVersion,
		extraEnv,
		setup: `main + 2 workers (concurrency ${WORKER_CONCURRENCY}) + webhook process (+ one with n8n's defaults for the burst comparison)`,
		scale,
		throughput: {},
		binary: {},
	};
	let cluster: QueueCluster | undefined;
	let fake: FakeTomoviee | undefined;
	const receiver = new ReportReceiver();
	let leftovers: { pids: number[]; ports: number[]; dirs: string[] } = { pids: [], ports: [], dirs: [workDir] };

	try {
		const installing = ensureN8n(N8N2);
		const tarball = await buildAndPack(path.join(workDir, 'pack'), { skipBuild: args.includes('--skip-build') });
		const install = await installing;
		const appKey = 'queue-app-key';
		const appSecret = `queue-secret-${randomBytes(12).toString('hex')}`;
		// Callbacks wait up to 2 minutes for n8n's answer, so that slow answers are measured rather than cut off.
		fake = await startFakeTomoviee({ host: '127.0.0.1', port: 0, appKey, appSecret, callbackTimeoutMs: 120_000 });
		const fakeServer = fake;
		teardown.add({ name: 'fake Tomoviee', stop: () => fakeServer.close(), stopSync: () => undefined });
		await receiver.start();
		teardown.add({ name: 'report receiver', stop: () => receiver.close(), stopSync: () => undefined });

		cluster = new QueueCluster(install, workDir, teardown, log, extraEnv);
		await cluster.start(tarball);
		results.setup += `, PostgreSQL ${cluster.pg.majorVersion}, Redis ${cluster.redis.version}`;
		results.setupSeconds = Math.round((Date.now() - started) / 1000);
		const credentialId = await cluster.client.createCredential({
			name: CREDENTIAL_NAME,
			type: 'tomovieeApi',
			data: tomovieeCredentialFor(fake),
		});
		let referenceDone: () => void = () => undefined;
		const ctx: Context = {
			cluster,
			fake,
			receiver,
			check,
			credentialId,
			scale,
			log,
			reference: new Map(),
			referenceDone: new Promise<void>((resolve) => (referenceDone = resolve)),
		};

		const step = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
			log(`-- ${name}`);
			try {
				return await run();
			} catch (error) {
				check.broken(name, error, cluster ? `webhook log tail:\n${cluster.webhook?.logTail(15)}` : '');
				return undefined;
			}
		};

		// The regular-mode reference runs in its own process beside the Poll throughput run (which mostly waits).
		const reference = step('regular-mode reference (n8n execute)', () => referenceRun(ctx)).finally(() =>
			referenceDone(),
		);
		results.throughput.poll = await step('1. throughput, Wait Mode Poll', () => throughput(ctx, 'poll'));
		results.regularReferenceSeconds = (await reference)?.seconds;
		results.throughput.callback = await step('1. throughput, Wait Mode Callback', () => throughput(ctx, 'callback'));
		results.callbackBurst = {
			lazyIsolates: await step('callback burst on the webhook process (lazy expression isolates)', () =>
				callbackBurst(ctx, cluster!.webhook, 'lazy'),
			),
			defaults: await step("callback burst on a webhook process with n8n's defaults", () =>
				callbackBurst(ctx, cluster!.webhookDefaults, 'defaults'),
			),
		};
		results.binary.poll = await step('4. binary file, Poll', () => binary(ctx, 'poll'));
		results.binary.callback = await step('4. binary file, Callback', () => binary(ctx, 'callback'));
		results.pollWorkerKilled = await step('3. a worker dies during Poll', () => workerDiesDuringPoll(ctx));
		results.resumeAnywhere = await step('2. resume anywhere', () => resumeAnywhere(ctx));

		const secretSeen = [
			cluster.main.logTail(1_000_000),
			...cluster.allWorkersEver.map((w) => w.logText()),
			cluster.webhook.logText(),
		].some((text) => text.includes(appSecret));
		check.ok("the app secret never appears in any n8n process's log", !secretSeen);
		leftovers = whatToCheckAfterTeardown(cluster, fake, receiver, workDir);
	} catch (error) {
		check.broken('set-up', error, cluster?.main ? `main log tail:\n${cluster.main.logTail(30)}` : '');
		if (cluster) leftovers = whatToCheckAfterTeardown(cluster, fake, receiver, workDir);
	} finally {
		log('tearing down');
		await teardown.run(log);
	}
	if (!keep) await checkNothingLeft(check, leftovers);
	results.wallSeconds = Math.round((Date.now() - started) / 1000);

	console.log(`\n${table(results)}\n`);
	console.log(JSON.stringify({ queue: results }));
	if (checks.failed.length) console.log(`failed checks:\n  ${checks.failed.join('\n  ')}`);
	console.log(`queue: ${checks.summary()}`);
	process.exit(checks.failed.length ? 1 : 0);
}

/** Pids, ports and folders of everything started, read before the teardown. */
function whatToCheckAfterTeardown(
	cluster: QueueCluster,
	fake: FakeTomoviee | undefined,
	receiver: ReportReceiver,
	workDir: string,
) {
	const pids: number[] = [];
	const ports: number[] = [];
	const dirs = [workDir];
	if (cluster.main) {
		pids.push(cluster.main.pid);
		ports.push(cluster.main.port);
	}
	for (const worker of cluster.allWorkersEver) pids.push(worker.pid);
	if (cluster.webhook) {
		pids.push(cluster.webhook.pid);
		ports.push(Number(new URL(cluster.webhook.baseUrl).port));
	}
	if (cluster.redis) {
		if (cluster.redis.pid) pids.push(cluster.redis.pid);
		ports.push(cluster.redis.port);
		dirs.push(cluster.redis.dir);
	}
	if (cluster.pg) {
		const postmaster = path.join(cluster.pg.dataDir, 'postmaster.pid');
		if (existsSync(postmaster)) pids.push(Number(readFileSync(postmaster, 'utf8').split('\n')[0]));
		ports.push(cluster.pg.port);
		dirs.push(cluster.pg.dir);
	}
	if (fake) ports.push(Number(new URL(fake.url).port));
	if (receiver.url) ports.push(Number(new URL(receiver.url).port));
	return { pids: pids.filter((pid) => pid > 0), ports, dirs };
}

async function checkNothingLeft(
	check: ReturnType<Checks['scope']>,
	leftovers: { pids: number[]; ports: number[]; dirs: string[] },
) {
	// A killed process may take a moment to be reaped.
	const deadline = Date.now() + 10_000;
	let alive = leftovers.pids.filter(processAlive);
	while (alive.length > 0 && Date.now() < deadline) {
		await new Promise((resolve) => setTimeout(resolve, 500));
		alive = alive.filter(processAlive);
	}
	const groups = leftovers.pids.filter((pid) => {
		try {
			process.kill(-pid, 0);
			return true;
		} catch {
			return false;
		}
	});
	check.ok(
		`after teardown no process is left (${leftovers.pids.length} started, with their process groups)`,
		alive.length === 0 && groups.length === 0,
		JSON.stringify({ alive, groups }),
	);
	const open = [];
	for (const port of leftovers.ports) if (await listening(port)) open.push(port);
	check.ok(
		`after teardown no port is listening (${leftovers.ports.length} used)`,
		open.length === 0,
		JSON.stringify(open),
	);
	const dirs = leftovers.dirs.filter((dir) => existsSync(dir));
	check.ok(
		`after teardown no temp folder is left (${leftovers.dirs.length}, the PostgreSQL cluster's among them)`,
		dirs.length === 0,
		JSON.stringify(dirs),
	);
}

function listening(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.setTimeout(1000, () => (socket.destroy(), resolve(false)));
		socket.on('connect', () => (socket.destroy(), resolve(true)));
		socket.on('error', () => resolve(false));
	});
}

// ---------------------------------------------------------------------------------------------------------------

const perWorker = (values: Record<string, number | string | undefined> | undefined) =>
	values
		? Object.entries(values)
				.map(([name, value]) => `${name} ${value ?? '?'}`)
				.join(', ')
		: '-';

function table(results: Results): string {
	const { poll, callback } = results.throughput;
	const rows: string[][] = [['', 'Wait Mode Poll', 'Wait Mode Callback']];
	const both = (label: string, pick: (f: ThroughputFigures) => string) =>
		rows.push([label, poll ? pick(poll) : '-', callback ? pick(callback) : '-']);
	both('executions x items (task time)', (f) => `${f.executions} x ${f.tasks / f.executions} (${f.taskSeconds} s)`);
	both('executions succeeded', (f) => `${f.succeededExecutions}/${f.executions}`);
	both('wall time / ideal', (f) => `${f.wallSeconds} s / ${f.idealSeconds} s (x${f.wallOverIdeal})`);
	both('executions that ran jobs on each worker', (f) => perWorker(f.executionsPerWorker));
	both('worker jobs per worker', (f) => perWorker(f.jobsPerWorker));
	both('peak running jobs per worker', (f) => perWorker(f.peakRunningPerWorker));
	both('worker slot-seconds held', (f) => `${f.slotSeconds} s`);
	both('status requests per task', (f) => String(f.statusRequestsPerTask));
	both('create requests per task', (f) => String(f.createRequestsPerTask));
	both('callbacks answered (status: count)', (f) => (f.callbackAnswers ? perWorker(f.callbackAnswers) : '-'));
	both('callback answer time median / max', (f) =>
		f.callbackAnswerMsMedian === undefined ? '-' : `${f.callbackAnswerMsMedian} ms / ${f.callbackAnswerMsMax} ms`,
	);
	const bin = (label: string, pick: (f: BinaryFigures) => string) =>
		rows.push([
			label,
			results.binary.poll ? pick(results.binary.poll) : '-',
			results.binary.callback ? pick(results.binary.callback) : '-',
		]);
	bin('binary: video, time', (f) => `${f.bytes} bytes, ${f.seconds} s`);
	bin('binary: stored by -> read by', (f) => `${f.storedBy} -> ${f.readBy}`);
	bin('binary: bytes in PostgreSQL', (f) => String(f.storedInDatabaseBytes));
	bin('binary: RSS sampled every 250 ms, max (MiB)', (f) => perWorker(f.peakRssMiB));
	bin('binary: peak RSS, kernel VmHWM (MiB)', (f) => perWorker(f.highWaterMiB));
	const burstRows: string[][] = [
		['20 calls at once to one webhook process', 'n8n defaults', 'N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE=true'],
	];
	const burst = (label: string, pick: (f: BurstFigures) => string) =>
		burstRows.push([
			label,
			results.callbackBurst?.defaults ? pick(results.callbackBurst.defaults) : '-',
			results.callbackBurst?.lazyIsolates ? pick(results.callbackBurst.lazyIsolates) : '-',
		]);
	burst('answers (status: count)', (f) => perWorker(f.answers));
	burst('answer time median / max', (f) => `${f.answerMsMedian} ms / ${f.answerMsMax} ms`);
	burst('CPU of the webhook process', (f) => `${f.cpuSeconds} s`);
	burst('executions succeeded', (f) => `${f.succeeded}/${f.executions}`);
	const k = results.pollWorkerKilled;
	const r = results.resumeAnywhere;
	const single: string[][] = [
		[
			'worker SIGKILLed during Poll',
			k
				? `${k.killedWorker}: execution ${k.executionStatus} after ${k.secondsUntilFinal} s, re-run jobs ${k.jobsAfterKill}`
				: '-',
		],
		['  n8n says', k ? k.message.slice(0, 160) : '-'],
		[
			'  its tasks',
			k
				? `${k.tasks} created once, ${k.createsAfterKill} creates and ${k.statusRequestsAfterKill} status requests after the kill, ${k.tasksFinishedAtTomoviee} finished at Tomoviee; task ids in n8n's execution ${k.taskIdsInExecutionData}, in the dead worker's log ${k.taskIdsInWorkerLog}`
				: '-',
		],
		['  worker then restarted on its folder', k ? `execution still ${k.statusAfterRestart}` : '-'],
		[
			'worker SIGKILLed during Poll, restarted at once',
			k
				? `execution ${k.restartedAtOnce.status} after ${k.restartedAtOnce.secondsUntilFinal} s (worker back after ${k.restartedAtOnce.secondsUntilWorkerBack} s), re-run jobs ${k.restartedAtOnce.jobsAfterKill}, creates after the kill ${k.restartedAtOnce.createsAfterKill}`
				: '-',
		],
		['  other execution', k ? k.otherExecution : '-'],
		[
			'callback executions, creator SIGKILLed',
			r
				? `${r.succeeded}/${r.executions} succeeded; ${r.executionsStartedOnKilled} created on ${r.killedWorker} resumed on ${perWorker(r.resumedOn)}; ${r.createRequestsPerTask} creates per task; last done ${r.secondsFromKillToLastSuccess} s after the kill`
				: '-',
		],
		[
			'setup / regular-mode reference / whole run',
			`${results.setupSeconds ?? '-'} s / ${results.regularReferenceSeconds ?? '-'} s / ${results.wallSeconds} s`,
		],
	];
	return [
		`queue mode, n8n ${results.n8n}: ${results.setup}${Object.keys(results.extraEnv).length ? ` (with ${perWorker(results.extraEnv)})` : ''}`,
		render(rows),
		'',
		render(burstRows),
		'',
		render(
			single.map(([a, b]) => [a, b]),
			false,
		),
	].join('\n');
}

function render(rows: string[][], header = true): string {
	const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length)));
	const line = (row: string[]) => `| ${row.map((cell, column) => (cell ?? '').padEnd(widths[column])).join(' | ')} |`;
	const out = rows.map(line);
	if (header) out.splice(1, 0, `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
	return out.join('\n');
}

void main();
