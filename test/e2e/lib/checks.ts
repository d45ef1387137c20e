/** A small check ledger: each named check passes or fails with a reason; the run ends with a count line. */
export interface CheckScope {
	ok(name: string, condition: boolean, detail?: string): boolean;
	/** Records a step that threw: the step's remaining checks could not run. */
	broken(step: string, error: unknown, context?: string): void;
}

export class Checks {
	passed = 0;
	readonly failed: string[] = [];

	scope(prefix: string): CheckScope {
		return {
			ok: (name, condition, detail = '') => {
				if (condition) {
					this.passed++;
					console.log(`  ✓ ${prefix}${name}`);
				} else {
					this.failed.push(`${prefix}${name}`);
					console.log(`  ✗ ${prefix}${name}${detail ? `\n      ${detail.split('\n').join('\n      ')}` : ''}`);
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
