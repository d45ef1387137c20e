/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * The n8n processes of a queue-mode cluster that `startN8n` (which runs `n8n start`) does not cover: `n8n worker` and
 * `n8n webhook`. Same environment as the e2e servers (n8nEnv: loopback, telemetry off, NODE_ENV=production), spawned
 * detached so that a kill reaches the process group (n8n and its task runner), log lines stamped as they arrive, and
 * the worker's "started/finished execution" lines turned into events for per-worker counts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync, type WriteStream } from 'node:fs';
import readline from 'node:readline';
import type { N8nInstall } from '../../e2e/lib/n8nInstall';
import { n8nEnv, tailOf, type N8nServer } from '../../e2e/lib/n8nServer';
import type { Resource } from './teardown';

export interface JobEvent {
	at: number;
	kind: 'started' | 'finished';
	executionId: string;
	jobId: string;
}

export interface N8nProcessOptions {
	name: string;
	/** `worker` or `webhook`, plus flags. */
	args: string[];
	userFolder: string;
	/** N8N_PORT: where `n8n webhook` listens. */
	port: number;
	extraEnv: Record<string, string>;
	/** URL that answers 200 once the process is ready. */
	readyUrl: string;
	logFile: string;
	readyTimeoutMs?: number;
}

const STARTED = /Worker started execution (\d+) \(job (\d+)\)/;
const FINISHED = /Worker (?:finished|errored while running) execution (\d+) \(job (\d+)\)/;

export class N8nProcess implements Resource {
	readonly jobs: JobEvent[] = [];
	exited?: string;
	private readonly exitedPromise: Promise<void>;
	private readonly log: WriteStream;

	private constructor(
		readonly name: string,
		private readonly child: ChildProcess,
		readonly logFile: string,
		readonly baseUrl: string,
	) {
		this.log = createWriteStream(logFile, { flags: 'a' });
		this.exitedPromise = new Promise((resolve) =>
			child.on('exit', (code, signal) => {
				this.exited = signal ?? `exit ${code}`;
				resolve();
			}),
		);
		for (const stream of [child.stdout!, child.stderr!]) {
			readline.createInterface({ input: stream }).on('line', (line) => this.onLine(line));
		}
	}

	static async start(install: N8nInstall, options: N8nProcessOptions): Promise<N8nProcess> {
		const env = await n8nEnv(install, {
			userFolder: options.userFolder,
			port: options.port,
			extraEnv: options.extraEnv,
		});
		const child = spawn(install.runtime.nodeBin, [install.n8nBin, ...options.args], {
			cwd: options.userFolder,
			env,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		const started = new N8nProcess(options.name, child, options.logFile, `http://127.0.0.1:${options.port}`);
		try {
			await started.untilReady(options.readyUrl, options.readyTimeoutMs ?? 240_000);
			return started;
		} catch (error) {
			started.stopSync();
			throw error;
		}
	}

	get pid(): number {
		return this.child.pid!;
	}

	private onLine(line: string) {
		const at = Date.now();
		this.log.write(`${new Date(at).toISOString()} ${line}\n`);
		const started = STARTED.exec(line);
		if (started) this.jobs.push({ at, kind: 'started', executionId: started[1], jobId: started[2] });
		const finished = FINISHED.exec(line);
		if (finished) this.jobs.push({ at, kind: 'finished', executionId: finished[1], jobId: finished[2] });
	}

	private async untilReady(url: string, timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.exited !== undefined)
				throw new Error(`${this.name} exited before it was ready (${this.exited}). Log tail:\n${this.logTail()}`);
			try {
				const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
				if (response.ok) return;
			} catch {
				/* not listening yet */
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		throw new Error(
			`${this.name} was not ready at ${url} within ${Math.round(timeoutMs / 1000)} s. Log tail:\n${this.logTail()}`,
		);
	}

	/** Execution ids this worker started (a resumed execution counts again: it is a new job). */
	startedExecutions(since = 0): string[] {
		return this.jobs.filter((job) => job.kind === 'started' && job.at >= since).map((job) => job.executionId);
	}

	logTail(lines = 40): string {
		return tailOf(this.logFile, lines);
	}

	logText(): string {
		try {
			return readFileSync(this.logFile, 'utf8');
		} catch {
			return '';
		}
	}

	/** A machine dying: SIGKILL to the whole process group (n8n and its task runner), no chance to clean up. */
	async kill(): Promise<void> {
		this.signalGroup('SIGKILL');
		await Promise.race([this.exitedPromise, new Promise((resolve) => setTimeout(resolve, 10_000))]);
	}

	async stop(): Promise<void> {
		if (this.exited === undefined) {
			this.signal('SIGTERM');
			await Promise.race([this.exitedPromise, new Promise((resolve) => setTimeout(resolve, 20_000))]);
		}
		this.stopSync();
	}

	stopSync(): void {
		// Also after the process itself exited: whatever is left of its group (a task runner) goes too.
		this.signalGroup('SIGKILL');
		this.log.end();
	}

	private signal(signal: NodeJS.Signals) {
		try {
			process.kill(this.pid, signal);
		} catch {
			/* gone */
		}
	}

	private signalGroup(signal: NodeJS.Signals) {
		try {
			process.kill(-this.pid, signal);
		} catch {
			/* no such group any more */
		}
	}
}

/** The main instance (`n8n start`, from the e2e helpers) as a teardown resource. */
export function mainResource(server: N8nServer): Resource {
	return {
		name: 'n8n main',
		stop: () => server.stop(),
		stopSync: () => {
			try {
				process.kill(-server.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		},
	};
}
