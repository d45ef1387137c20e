/**
 * The bench's stated task durations and the fixed-interval baselines it compares with. Everything is seeded: two runs
 * draw the same durations.
 */
import { seededRandom } from '../fake-tomoviee/seededRandom';

/** Uniform in [lowMs, highMs]: the engine bench's "about a minute" tasks (45-75 s). */
export function uniformDurations(count: number, lowMs: number, highMs: number, seed: number): number[] {
	const random = seededRandom(seed);
	return Array.from({ length: count }, () => Math.round(lowMs + (highMs - lowMs) * random()));
}

/** Log-uniform in [lowMs, highMs]: as many 30-60 s tasks as 2.5-5 min ones (the contract: "1-5 minutes"). */
export function logUniformDurations(count: number, lowMs: number, highMs: number, seed: number): number[] {
	const random = seededRandom(seed);
	const span = Math.log(highMs / lowMs);
	return Array.from({ length: count }, () => Math.round(lowMs * Math.exp(span * random())));
}

/**
 * Batches of tasks created together: each batch's typical duration log-uniform in [lowMs, highMs], each task within
 * ±spread of it (uniform), as items of one run with the same settings would be.
 */
export function batchDurations(
	batches: number,
	size: number,
	lowMs: number,
	highMs: number,
	spread: number,
	seed: number,
): number[][] {
	const random = seededRandom(seed);
	const span = Math.log(highMs / lowMs);
	return Array.from({ length: batches }, () => {
		const typicalMs = lowMs * Math.exp(span * random());
		return Array.from({ length: size }, () => Math.round(typicalMs * (1 - spread + 2 * spread * random())));
	});
}

/** A fixed-interval poller: the query that sees a task final is the first multiple of the interval at or after its end. */
export function fixedIntervalDetection(
	durationMs: number,
	intervalMs: number,
): { detectedAtMs: number; requests: number } {
	const requests = Math.max(1, Math.ceil(durationMs / intervalMs));
	return { detectedAtMs: requests * intervalMs, requests };
}

/** Today's nodes: one item after another, each polled every intervalMs; the batch takes the sum. */
export function sequentialBaseline(durationsMs: number[], intervalMs: number, perItemOverheadMs = 0) {
	let wallMs = 0;
	let requests = 0;
	let lagMs = 0;
	for (const duration of durationsMs) {
		const { detectedAtMs, requests: polls } = fixedIntervalDetection(duration, intervalMs);
		wallMs += detectedAtMs + perItemOverheadMs;
		requests += polls;
		lagMs += detectedAtMs - duration;
	}
	return {
		wallMs,
		requestsPerTask: requests / durationsMs.length,
		meanLagMs: lagMs / durationsMs.length,
	};
}

export function mean(values: number[]): number {
	return values.length === 0 ? NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

export function percentile(values: number[], share: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

export const round = (value: number, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;

/** A plain-text table: header row, then rows, columns padded. */
export function table(header: string[], rows: Array<Array<string | number>>): string {
	const cells = [header, ...rows.map((row) => row.map(String))];
	const widths = header.map((_, column) => Math.max(...cells.map((row) => (row[column] ?? '').length)));
	const line = (row: string[]) => row.map((cell, column) => cell.padEnd(widths[column])).join('  ');
	return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...cells.slice(1).map(line)].join('\n');
}
