/* eslint-disable no-console -- Node test tooling, not n8n runtime code */
/** A small check ledger: each named check passes or fails with a reason; the run ends with a count line. */
export interface CheckScope {
	ok(name: string, condition: boolean, detail?: string): boolean;
	/** Records a step that threw: the step's remaining checks could not run. */
	broken(step: string, error: unknown, context?: string): void;
}

const started = Date.now();
/** Seconds since the run started, to see where a run spends its time. */
export const elapsed = () => `+${Math.round((Date.now() - started) / 1000)}s`;

export class Checks {
	passed = 0;
	readonly failed: string[] = [];

	scope(prefix: string): CheckScope {
		return {
			ok: (name, condition, detail = '') => {
				if (condition) {
					this.passed++;
					console.log(`  ✓ ${prefix}${name} (${elapsed()})`);
				} else {
					this.failed.push(`${prefix}${name}`);
					console.log(
						`  ✗ ${prefix}${name} (${elapsed()})${detail ? `\n      ${detail.split('\n').join('\n      ')}` : ''}`,
					);
				}
				return condition;
			},
			broken: (step, error, context = '') => {
				const message = error instanceof Error ? error.message : String(error);
				this.failed.push(`${prefix}${step}`);
				console.log(`  ✗ ${prefix}${step} failed: ${message}${context ? `\n${context}` : ''}`);
			},
		};
	}

	summary(): string {
		return `${this.passed} passed, ${this.failed.length} failed`;
	}
}
