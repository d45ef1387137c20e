/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
/** Tracks every timer it starts so close()/reset() can clear them and jest exits without --forceExit. */
export class TimerGroup {
	private readonly pending = new Set<NodeJS.Timeout>();

	after(ms: number, run: () => void): void {
		const timer = setTimeout(
			() => {
				this.pending.delete(timer);
				run();
			},
			Math.max(ms, 0),
		);
		this.pending.add(timer);
	}

	/** Resolves after ms; never resolves if the group is cleared first (callers then find their socket gone). */
	sleep(ms: number): Promise<void> {
		return new Promise((resolve) => this.after(ms, resolve));
	}

	clear(): void {
		for (const timer of this.pending) clearTimeout(timer);
		this.pending.clear();
	}
}
