/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/** Redis from Debian's package: a free loopback port, no persistence, its own temp folder; stopped by its pid. */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, rmSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { freePort, makeTempDir } from '../../e2e/lib/n8nServer';
import type { Resource } from './teardown';

export class RedisServer implements Resource {
	readonly name = 'Redis';
	private exited = false;

	private constructor(
		private readonly child: ChildProcess,
		readonly port: number,
		readonly dir: string,
		/** redis-server's own version line, e.g. "7.0.15". */
		readonly version: string,
	) {
		child.on('exit', () => (this.exited = true));
	}

	static async start(binary = process.env.REDIS_SERVER ?? 'redis-server'): Promise<RedisServer> {
		const dir = makeTempDir('tomoviee-queue-redis-');
		const port = await freePort();
		const log = createWriteStream(path.join(dir, 'redis.log'));
		const child = spawn(
			binary,
			[
				'--port',
				String(port),
				'--bind',
				'127.0.0.1',
				'--save',
				'',
				'--appendonly',
				'no',
				'--dir',
				dir,
				'--daemonize',
				'no',
			],
			{ cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		child.stdout!.pipe(log);
		child.stderr!.pipe(log);
		let version = '?';
		try {
			version = /v=(\S+)/.exec(execFileSync(binary, ['--version']).toString())?.[1] ?? '?';
		} catch {
			/* reported as ? */
		}
		const redis = new RedisServer(child, port, dir, version);
		const spawnError = new Promise<never>((_, reject) =>
			child.once('error', (error) =>
				reject(new Error(`${binary} could not start: ${error.message} (apt-get install -y redis-server)`)),
			),
		);
		try {
			await Promise.race([redis.untilPong(30_000), spawnError]);
			return redis;
		} catch (error) {
			redis.stopSync();
			throw error;
		}
	}

	get pid() {
		return this.child.pid;
	}

	n8nEnv(): Record<string, string> {
		return { QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(this.port) };
	}

	/** Sends one inline command and returns Redis's first reply line. */
	async command(text: string): Promise<string> {
		return await new Promise((resolve, reject) => {
			const socket = net.connect({ host: '127.0.0.1', port: this.port });
			let answer = '';
			socket.setTimeout(3000, () => socket.destroy(new Error('no answer')));
			socket.on('connect', () => socket.write(`${text}\r\n`));
			socket.on('data', (chunk) => {
				answer += chunk.toString();
				if (answer.includes('\r\n')) {
					socket.end();
					resolve(answer.split('\r\n')[0]);
				}
			});
			socket.on('error', reject);
		});
	}

	private async untilPong(timeoutMs: number) {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			if (this.exited) throw new Error('redis-server exited at start');
			try {
				if ((await this.command('PING')) === '+PONG') return;
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline) throw new Error(`redis-server did not answer PING on port ${this.port}`);
			await new Promise((resolve) => setTimeout(resolve, 200));
		}
	}

	async stop(): Promise<void> {
		if (!this.exited && this.child.pid) {
			this.child.kill('SIGTERM');
			await Promise.race([
				new Promise((resolve) => this.child.once('exit', resolve)),
				new Promise((resolve) => setTimeout(resolve, 10_000)),
			]);
		}
		this.stopSync();
	}

	stopSync(): void {
		if (!this.exited && this.child.pid) {
			try {
				process.kill(this.child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}
