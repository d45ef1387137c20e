/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/**
 * Resident memory of the n8n processes, read from /proc (Linux): VmRSS sampled every 250 ms while a window is open, and
 * VmHWM, the kernel's own high-water mark of the process's resident set (exact). Opening a window resets each
 * process's high-water mark (`/proc/<pid>/clear_refs` = 5), so VmHWM at its close is the peak within the window.
 */
import { readFileSync, writeFileSync } from 'node:fs';

function statusField(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
	try {
		const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return match ? Number(match[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

export const rssBytes = (pid: number) => statusField(pid, 'VmRSS');
export const highWaterBytes = (pid: number) => statusField(pid, 'VmHWM');

/** Highest sampled RSS per process while open. */
export class MemoryWindow {
	private readonly peaks = new Map<string, number>();
	private readonly timer: NodeJS.Timeout;

	/** Processes whose high-water mark could be reset (else their VmHWM covers their whole life). */
	readonly resetOk = new Set<string>();

	constructor(private readonly processes: Array<{ name: string; pid: number }>) {
		for (const { name, pid } of processes) {
			try {
				writeFileSync(`/proc/${pid}/clear_refs`, '5');
				this.resetOk.add(name);
			} catch {
				/* not permitted: VmHWM stays the lifetime peak */
			}
		}
		this.sample();
		this.timer = setInterval(() => this.sample(), 250);
	}

	private sample() {
		for (const { name, pid } of this.processes) {
			const rss = rssBytes(pid);
			if (rss !== undefined) this.peaks.set(name, Math.max(this.peaks.get(name) ?? 0, rss));
		}
	}

	close(): Map<string, number> {
		clearInterval(this.timer);
		this.sample();
		return this.peaks;
	}
}

export const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : Math.round(bytes / (1024 * 1024)));
