/* eslint-disable @n8n/community-nodes/no-restricted-imports -- Node test tooling, not n8n runtime code */
/**
 * n8n 2.x in queue mode on loopback, from nothing: PostgreSQL and Redis from Debian's packages, one main (`n8n start`,
 * production webhooks off as n8n's docs advise when webhook processes exist), two workers (`n8n worker
 * --concurrency=2`), one webhook process (`n8n webhook`). Each n8n process has its own user folder with the packed
 * package installed in `.n8n/nodes` (as on separate machines); all share the database, Redis, the encryption key and
 * WEBHOOK_URL, which points at the webhook process (so the resume URLs the workers build reach it).
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { NODE_TYPE } from '../../e2e/lib/fixtures';
import type { N8nInstall } from '../../e2e/lib/n8nInstall';
import { freePort, installCommunityPackage, startN8n, type N8nServer } from '../../e2e/lib/n8nServer';
import { callProductionWebhook, N8nRestClient } from '../../e2e/lib/restClient';
import { mainResource, N8nProcess } from './n8nProcess';
import { PostgresCluster } from './postgres';
import { RedisServer } from './redis';
import type { Teardown } from './teardown';

export const WORKER_CONCURRENCY = 2;

/**
 * The webhook process acquires an expression isolate only when an expression is evaluated. Tomoviee's calls to resume
 * URLs evaluate none, and n8n 2.40.7 otherwise builds a fresh isolate for each call: the callback burst scenario
 * measures the difference.
 */
export const WEBHOOK_PROCESS_ENV = { N8N_EXPRESSION_ENGINE_LAZY_ACQUIRE: 'true' };

export const FINAL_STATUSES = ['success', 'error', 'crashed', 'canceled'];

export class QueueCluster {
	readonly workers: N8nProcess[] = [];
	webhook!: N8nProcess;
	/** A webhook process with n8n's default expression settings (for the burst comparison only). */
	webhookDefaults!: N8nProcess;
	main!: N8nServer;
	client!: N8nRestClient;
	private sharedEnv: Record<string, string> = {};
	private webhookPort = 0;

	constructor(
		readonly install: N8nInstall,
		readonly workDir: string,
		readonly teardown: Teardown,
		readonly log: (line: string) => void,
		/** Extra settings for every n8n process (`--env KEY=VALUE`), to try a setting. */
		readonly extraEnv: Record<string, string> = {},
	) {}

	readonly folders = {
		main: () => path.join(this.workDir, 'main'),
		worker: (n: number) => path.join(this.workDir, `worker-${n}`),
		webhook: () => path.join(this.workDir, 'webhook'),
		webhookDefaults: () => path.join(this.workDir, 'webhook-defaults'),
		reference: () => path.join(this.workDir, 'regular'),
		packages: () => path.join(this.workDir, 'packages'),
	};

	pg!: PostgresCluster;
	redis!: RedisServer;

	async start(tarball: string) {
		const started = Date.now();
		const seconds = () => `${Math.round((Date.now() - started) / 1000)} s`;
		const folders = [
			this.folders.main(),
			this.folders.worker(1),
			this.folders.worker(2),
			this.folders.webhook(),
			this.folders.webhookDefaults(),
			this.folders.reference(),
		];
		// The package is installed once, as n8n's manual installation describes (npm in <user folder>/.n8n/nodes), and
		// that nodes folder is linked into every process's user folder, as a shared volume would be: each process loads it
		// from its own ~/.n8n/nodes. (Five separate installs behave the same and cost a minute more to create and delete.)
		const installs = installCommunityPackage(
			this.install,
			this.folders.packages(),
			tarball,
			path.join(this.workDir, 'npm-install.log'),
		).then(() => {
			for (const folder of folders) {
				mkdirSync(path.join(folder, '.n8n'), { recursive: true });
				symlinkSync(path.join(this.folders.packages(), '.n8n', 'nodes'), path.join(folder, '.n8n', 'nodes'), 'dir');
			}
		});
		const [pg, redis] = await Promise.all([PostgresCluster.start(), RedisServer.start()]);
		this.pg = this.teardown.add(pg);
		this.redis = this.teardown.add(redis);
		this.log(
			`PostgreSQL (${path.basename(path.dirname(pg.binDir))}) on 127.0.0.1:${pg.port}, Redis on 127.0.0.1:${redis.port} (${seconds()})`,
		);
		await installs;
		this.log(`package installed and linked into ${folders.length} user folders (${seconds()})`);

		this.webhookPort = await freePort();
		this.sharedEnv = {
			...pg.n8nEnv(),
			...redis.n8nEnv(),
			EXECUTIONS_MODE: 'queue',
			// Every process must decrypt the same credentials.
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			// Production webhooks and resume URLs go to the webhook process (a load balancer's job in production).
			WEBHOOK_URL: `http://127.0.0.1:${this.webhookPort}/`,
			...this.extraEnv,
		};
		// Main first: it runs the database migrations that the others wait for.
		this.main = await startN8n(this.install, {
			userFolder: this.folders.main(),
			logFile: path.join(this.workDir, 'main.log'),
			readyTimeoutMs: 300_000,
			extraEnv: { ...this.sharedEnv, N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true' },
		});
		this.teardown.add(mainResource(this.main));
		this.log(`main ready at ${this.main.baseUrl} (${seconds()})`);
		const [worker1, worker2, webhook, webhookDefaults] = await Promise.all([
			this.startWorker(1),
			this.startWorker(2),
			this.startWebhook('webhook', this.webhookPort, WEBHOOK_PROCESS_ENV),
			this.startWebhook('webhook-defaults', await freePort(), {}),
		]);
		this.workers.push(worker1, worker2);
		this.webhook = webhook;
		this.webhookDefaults = webhookDefaults;
		this.log(
			`2 workers (concurrency ${WORKER_CONCURRENCY}) and the webhook processes at ${webhook.baseUrl}, ${webhookDefaults.baseUrl} ready (${seconds()})`,
		);

		this.client = new N8nRestClient(this.main.baseUrl);
		await this.client.signInWhenReady();
		await this.client.untilNodeTypeListed(NODE_TYPE, 120_000);
	}

	/** Environment of a process of this cluster, for `n8n execute` and restarts. */
	env(extra: Record<string, string> = {}) {
		return { ...this.sharedEnv, ...extra };
	}

	async startWorker(n: number): Promise<N8nProcess> {
		const healthPort = await freePort();
		const worker = await N8nProcess.start(this.install, {
			name: `worker-${n}`,
			args: ['worker', `--concurrency=${WORKER_CONCURRENCY}`],
			userFolder: this.folders.worker(n),
			port: await freePort(),
			extraEnv: {
				...this.sharedEnv,
				QUEUE_HEALTH_CHECK_ACTIVE: 'true',
				QUEUE_HEALTH_CHECK_PORT: String(healthPort),
				N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
			},
			readyUrl: `http://127.0.0.1:${healthPort}/healthz/readiness`,
			logFile: path.join(this.workDir, `worker-${n}.log`),
		});
		this.allWorkersEver.push(worker);
		return this.teardown.add(worker);
	}

	/** A worker killed by a scenario comes back as a new process on the same user folder. */
	async replaceWorker(dead: N8nProcess): Promise<N8nProcess> {
		const index = this.workers.indexOf(dead);
		const n = Number(dead.name.split('-')[1]);
		const fresh = await this.startWorker(n);
		this.workers[index] = fresh;
		return fresh;
	}

	private async startWebhook(name: string, port: number, env: Record<string, string>): Promise<N8nProcess> {
		const userFolder = name === 'webhook' ? this.folders.webhook() : this.folders.webhookDefaults();
		const webhook = await N8nProcess.start(this.install, {
			name,
			args: ['webhook'],
			userFolder,
			port,
			extraEnv: { ...this.sharedEnv, ...env },
			readyUrl: `http://127.0.0.1:${port}/healthz/readiness`,
			logFile: path.join(this.workDir, `${name}.log`),
		});
		return this.teardown.add(webhook);
	}

	/**
	 * POSTs the prompts to the production webhook on the webhook process (404 for a moment after activation); returns
	 * when the accepted request was sent.
	 */
	async startExecution(webhookPath: string, prompts: string[]): Promise<number> {
		return await callProductionWebhook(this.webhook.baseUrl, webhookPath, { prompts }, 60_000);
	}

	/** The worker whose log says it started this execution last. */
	workerOf(executionId: string): N8nProcess | undefined {
		let found: { worker: N8nProcess; at: number } | undefined;
		for (const worker of this.allWorkersEver) {
			for (const job of worker.jobs) {
				if (job.kind === 'started' && job.executionId === executionId && (!found || job.at > found.at))
					found = { worker, at: job.at };
			}
		}
		return found?.worker;
	}

	/** Current workers plus those killed by scenarios (their logs still count). */
	readonly allWorkersEver: N8nProcess[] = [];

	processes(): Array<{ name: string; pid: number }> {
		return [
			{ name: 'main', pid: this.main.pid },
			...this.workers.map((worker) => ({ name: worker.name, pid: worker.pid })),
			{ name: 'webhook', pid: this.webhook.pid },
		];
	}
}
