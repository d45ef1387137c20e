/* eslint-disable @n8n/community-nodes/no-restricted-globals, no-console -- Node test tooling, not n8n runtime code */
/**
 * Everything the queue-mode run starts registers here, and is stopped in reverse order of start: at the normal end,
 * when a step throws half-way, on SIGINT/SIGTERM/SIGHUP, and (synchronously, as a last resort) when the process
 * exits some other way. Nothing the run started may outlive it: processes, the PostgreSQL cluster, temp folders.
 */

export interface Resource {
	name: string;
	/** Orderly stop (may take seconds). */
	stop(): Promise<void>;
	/** Immediate stop for process exit, where only synchronous code runs: kill by pid, remove folders. */
	stopSync(): void;
}

export class Teardown {
	private readonly resources: Resource[] = [];
	private running?: Promise<void>;
	private installed = false;

	add<T extends Resource>(resource: T): T {
		this.resources.push(resource);
		return resource;
	}

	/** Forgets a resource that was stopped on purpose during the run (e.g. a worker killed by a scenario). */
	remove(resource: Resource) {
		const index = this.resources.indexOf(resource);
		if (index >= 0) this.resources.splice(index, 1);
	}

	/** Stops everything, newest first; each stop is bounded so that one stuck resource cannot keep the others alive. */
	async run(log: (line: string) => void = console.log): Promise<void> {
		this.running ??= (async () => {
			while (this.resources.length > 0) {
				const resource = this.resources.pop()!;
				const started = Date.now();
				try {
					await Promise.race([
						resource.stop(),
						new Promise((_, reject) => setTimeout(() => reject(new Error('took over 60 s')), 60_000).unref()),
					]);
					const ms = Date.now() - started;
					if (ms > 5000) log(`teardown: ${resource.name} took ${Math.round(ms / 1000)} s`);
				} catch (error) {
					log(`teardown: ${resource.name}: ${error instanceof Error ? error.message : String(error)}; forcing`);
					try {
						resource.stopSync();
					} catch {
						/* nothing more to do */
					}
				}
			}
		})();
		await this.running;
	}

	/** Signals and unexpected exits run the teardown too. */
	installHandlers(log: (line: string) => void = console.log) {
		if (this.installed) return;
		this.installed = true;
		const onSignal = (signal: NodeJS.Signals) => {
			log(`\n${signal}: tearing down what the run started`);
			const code = signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 129;
			void this.run(log).finally(() => process.exit(code));
			// A second signal while tearing down: stop at once.
			process.once(signal, () => {
				this.runSync();
				process.exit(code);
			});
		};
		process.once('SIGINT', onSignal);
		process.once('SIGTERM', onSignal);
		process.once('SIGHUP', onSignal);
		process.on('exit', () => this.runSync());
		process.on('uncaughtException', (error) => {
			log(`uncaught: ${error.stack ?? error.message}`);
			void this.run(log).finally(() => process.exit(1));
		});
	}

	private runSync() {
		while (this.resources.length > 0) {
			const resource = this.resources.pop()!;
			try {
				resource.stopSync();
			} catch {
				/* best effort at exit */
			}
		}
	}
}
