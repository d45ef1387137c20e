import type { FaultRule, FaultTarget } from './options';
import { seededRandom } from './seededRandom';

type RequestTarget = Exclude<FaultTarget, 'any'>;

class FaultRuleState {
	private seen = 0;
	private fired = 0;
	private readonly random: () => number;

	constructor(readonly rule: FaultRule) {
		this.random = seededRandom(rule.seed ?? 1);
	}

	matches(target: RequestTarget): boolean {
		return this.rule.target === target || this.rule.target === 'any';
	}

	/** Counts this request and says whether the fault hits it. */
	hits(): boolean {
		this.seen += 1;
		const { every, probability, count, skip = 0 } = this.rule;
		if (this.seen <= skip) return false;
		const position = this.seen - skip;
		let hit = true;
		if (every !== undefined) hit = position % every === 0;
		else if (probability !== undefined) hit = this.random() < probability;
		if (hit && count !== undefined && this.fired >= count) hit = false;
		if (hit) this.fired += 1;
		return hit;
	}
}

/** Decides, once per request, which configured fault (if any) applies. The first hitting rule wins. */
export class FaultPlan {
	private readonly states: FaultRuleState[];

	constructor(rules: FaultRule[]) {
		this.states = rules.map((rule) => new FaultRuleState(rule));
	}

	pick(target: RequestTarget): FaultRule | undefined {
		let picked: FaultRule | undefined;
		// Every matching rule counts the request, even when an earlier rule already hit, so "every Nth" stays exact.
		for (const state of this.states) {
			if (state.matches(target) && state.hits() && picked === undefined) picked = state.rule;
		}
		return picked;
	}
}
