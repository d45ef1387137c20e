/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * A throw-away PostgreSQL cluster from Debian's server packages: `initdb` in a temp folder, started on a free loopback
 * port with its socket inside that folder, removed at the end. PostgreSQL refuses to run as root, so when this script
 * runs as root the cluster belongs to the `postgres` user and every server command runs as that user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { run } from '../../e2e/lib/n8nInstall';
import { freePort, makeTempDir } from '../../e2e/lib/n8nServer';
import type { Resource } from './teardown';

/** The newest /usr/lib/postgresql/<major>/bin holding initdb; PG_BIN overrides. */
export function postgresBinDir(): string {
	if (process.env.PG_BIN) return process.env.PG_BIN;
	const root = '/usr/lib/postgresql';
	const majors = existsSync(root)
		? readdirSync(root)
				.filter((name) => existsSync(path.join(root, name, 'bin', 'initdb')))
				.sort((a, b) => Number(b) - Number(a))
		: [];
	if (majors.length === 0)
		throw new Error('no PostgreSQL server found under /usr/lib/postgresql (apt-get install -y postgresql)');
	return path.join(root, majors[0], 'bin');
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export class PostgresCluster implements Resource {
	readonly name = 'PostgreSQL';
	readonly database = 'n8n';
	readonly user = 'postgres';
	private started = false;

	private constructor(
		readonly binDir: string,
		readonly dir: string,
		readonly port: number,
		readonly logFile: string,
	) {}

	/** Creates and starts the cluster and its `n8n` database. */
	static async start(): Promise<PostgresCluster> {
		const binDir = postgresBinDir();
		const dir = makeTempDir('tomoviee-queue-pg-');
		const port = await freePort();
		const cluster = new PostgresCluster(binDir, dir, port, path.join(dir, 'server.log'));
		try {
			mkdirSync(cluster.dataDir);
			mkdirSync(cluster.socketDir);
			if (isRoot()) {
				const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
				const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
				for (const folder of [dir, cluster.dataDir, cluster.socketDir]) chownSync(folder, uid, gid);
			}
			await cluster.server('initdb', [
				'-D',
				cluster.dataDir,
				'-A',
				'trust',
				'-U',
				'postgres',
				'-E',
				'UTF8',
				'--no-instructions',
			]);
			// A test cluster: durability off (nothing here must survive a crash), loopback only, socket in the temp folder.
			const options = [
				`-p ${port}`,
				`-k ${cluster.socketDir}`,
				'-c listen_addresses=127.0.0.1',
				'-c fsync=off',
				'-c synchronous_commit=off',
				'-c full_page_writes=off',
			].join(' ');
			cluster.started = true;
			await cluster.server('pg_ctl', [
				'-D',
				cluster.dataDir,
				'-l',
				cluster.logFile,
				'-o',
				options,
				'-w',
				'-t',
				'120',
				'start',
			]);
			await cluster.psql(`CREATE DATABASE ${cluster.database}`, 'postgres');
			return cluster;
		} catch (error) {
			cluster.stopSync();
			throw error;
		}
	}

	/** The server's major version, from its folder (/usr/lib/postgresql/<major>/bin). */
	get majorVersion(): string {
		return path.basename(path.dirname(this.binDir));
	}

	get dataDir() {
		return path.join(this.dir, 'data');
	}

	get socketDir() {
		return path.join(this.dir, 'socket');
	}

	/** What n8n needs to reach this database. */
	n8nEnv(): Record<string, string> {
		return {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(this.port),
			DB_POSTGRESDB_DATABASE: this.database,
			DB_POSTGRESDB_USER: this.user,
			DB_POSTGRESDB_PASSWORD: '',
		};
	}

	/** Runs one SQL statement and returns psql's unaligned, tuples-only output. */
	async psql(sql: string, database = this.database): Promise<string> {
		const output = await run(
			path.join(this.binDir, 'psql'),
			[
				'-h',
				'127.0.0.1',
				'-p',
				String(this.port),
				'-U',
				this.user,
				'-d',
				database,
				'-v',
				'ON_ERROR_STOP=1',
				'-At',
				'-c',
				sql,
			],
			{ cwd: this.dir, timeoutMs: 60_000 },
		);
		return output.trim();
	}

	private async server(command: string, args: string[]) {
		const binary = path.join(this.binDir, command);
		if (isRoot()) await run('runuser', ['-u', 'postgres', '--', binary, ...args], { cwd: '/', timeoutMs: 180_000 });
		else await run(binary, args, { cwd: this.dir, timeoutMs: 180_000 });
	}

	async stop(): Promise<void> {
		if (this.started) {
			try {
				await this.server('pg_ctl', ['-D', this.dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
				this.started = false;
			} catch {
				/* stopSync below tries once more, immediately */
			}
		}
		this.stopSync();
	}

	stopSync(): void {
		if (this.started) {
			const args = ['-D', this.dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop'];
			const binary = path.join(this.binDir, 'pg_ctl');
			if (isRoot()) spawnSync('runuser', ['-u', 'postgres', '--', binary, ...args], { stdio: 'ignore', cwd: '/' });
			else spawnSync(binary, args, { stdio: 'ignore' });
			this.started = false;
		}
		rmSync(this.dir, { recursive: true, force: true });
	}
}
