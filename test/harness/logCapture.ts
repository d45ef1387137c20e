/* eslint-disable @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import type { LogMetadata, Logger as WorkflowLogger } from 'n8n-workflow';

export type CapturedLogLevel = 'error' | 'warn' | 'info' | 'debug';

export interface CapturedLogLine {
	level: CapturedLogLevel;
	message: string;
	/** Metadata as n8n passed it; errors are flattened so a grep over `text` sees their message and stack. */
	metadata: LogMetadata | undefined;
	/** One searchable line: level, message and the JSON of the metadata. */
	text: string;
}

function serialiseMetadata(metadata: LogMetadata | undefined): string {
	if (metadata === undefined) return '';
	try {
		return JSON.stringify(metadata, (_key, value: unknown) => {
			if (value instanceof Error) {
				return { ...value, name: value.name, message: value.message, stack: value.stack };
			}
			if (typeof value === 'bigint') return value.toString();
			return value;
		});
	} catch {
		// Cyclic metadata (e.g. a node or a request object): keep what String() shows rather than lose the line.
		return String(metadata);
	}
}

/**
 * A logger with the shape both n8n-workflow's LoggerProxy and n8n's DI `Logger` use,
 * keeping every line in memory instead of printing it. Nothing is filtered by level, so a
 * test can look for a secret in debug lines too.
 */
export class CapturingLogger implements WorkflowLogger {
	readonly lines: CapturedLogLine[] = [];

	private record(level: CapturedLogLevel, message: string, metadata?: LogMetadata) {
		const text = `${level} ${String(message)} ${serialiseMetadata(metadata)}`.trim();
		this.lines.push({ level, message: String(message), metadata, text });
		if (process.env.HARNESS_PRINT_LOGS) process.stderr.write(`[n8n] ${text}\n`);
	}

	error(message: string, metadata?: LogMetadata) {
		this.record('error', message, metadata);
	}

	warn(message: string, metadata?: LogMetadata) {
		this.record('warn', message, metadata);
	}

	info(message: string, metadata?: LogMetadata) {
		this.record('info', message, metadata);
	}

	debug(message: string, metadata?: LogMetadata) {
		this.record('debug', message, metadata);
	}

	/** n8n services call `logger.scoped('...')`; scopes only filter output, so the same capture serves. */
	scoped(): this {
		return this;
	}

	/** Forgets the lines kept so far (long benchmarks); runs still active then report only later lines. */
	clear() {
		this.lines.length = 0;
	}

	/** Lines recorded since `mark` (an index from `lines.length`). */
	since(mark: number): CapturedLogLine[] {
		return this.lines.slice(mark);
	}
}
