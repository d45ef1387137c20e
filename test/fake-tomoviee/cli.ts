/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * Runs the fake Tomoviee API on its own: `npm run fake-api -- --port 3789`.
 * Prints `FAKE_TOMOVIEE_URL=...` (one parseable line) and, with --ready-file, writes a JSON file once listening,
 * so e2e scripts can wait for it. Switches are changed at run time through POST /__fake/config.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startFakeTomoviee } from './server';

const DEFAULT_PORT = 3789;

interface CliArguments {
	port: number;
	host: string;
	appKey: string;
	appSecret: string;
	readyFile?: string;
	switchesJson?: string;
}

const USAGE = `Usage: npm run fake-api -- [--port N] [--host 127.0.0.1] [--app-key K] [--app-secret S]
                        [--ready-file PATH] [--config '{"queueMs":1000,...}']
Env: FAKE_TOMOVIEE_PORT (port when --port is not given).`;

function parseArguments(argv: string[]): CliArguments {
	const parse = () =>
		parseArgs({
			args: argv,
			options: {
				port: { type: 'string' },
				host: { type: 'string', default: '127.0.0.1' },
				'app-key': { type: 'string', default: 'test-app-key' },
				'app-secret': { type: 'string', default: 'test-app-secret' },
				'ready-file': { type: 'string' },
				config: { type: 'string' },
				help: { type: 'boolean', short: 'h' },
			},
		});
	let values: ReturnType<typeof parse>['values'];
	try {
		({ values } = parse());
	} catch (error) {
		throw new Error(`${(error as Error).message}\n${USAGE}`);
	}
	if (values.help) {
		console.log(USAGE);
		process.exit(0);
	}
	const port = Number(values.port ?? process.env.FAKE_TOMOVIEE_PORT ?? DEFAULT_PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`bad port ${port}`);
	return {
		port,
		host: values.host,
		appKey: values['app-key'],
		appSecret: values['app-secret'],
		readyFile: values['ready-file'],
		switchesJson: values.config,
	};
}

/** Written atomically (temp file + rename) so a watcher never reads half a file. */
function writeReadyFile(path: string, content: object): void {
	const temporary = `${path}.${process.pid}.tmp`;
	writeFileSync(temporary, JSON.stringify(content, null, 2));
	renameSync(temporary, path);
}

async function main(): Promise<void> {
	const args = parseArguments(process.argv.slice(2));
	const switches = args.switchesJson ? (JSON.parse(args.switchesJson) as object) : {};
	const fake = await startFakeTomoviee({
		...switches,
		host: args.host,
		port: args.port,
		appKey: args.appKey,
		appSecret: args.appSecret,
	});

	console.log(`FAKE_TOMOVIEE_URL=${fake.url}`);
	console.log(`FAKE_TOMOVIEE_APP_KEY=${args.appKey}`);
	console.log(`FAKE_TOMOVIEE_APP_SECRET=${args.appSecret}`);
	console.log(`fake Tomoviee API listening on ${fake.url} (admin: ${fake.url}/__fake/config); Ctrl+C stops it`);
	if (args.readyFile) {
		writeReadyFile(args.readyFile, {
			url: fake.url,
			port: fake.port,
			appKey: args.appKey,
			appSecret: args.appSecret,
			pid: process.pid,
		});
	}

	let stopping = false;
	const stop = (signal: string) => {
		if (stopping) return;
		stopping = true;
		console.log(`fake Tomoviee API: ${signal}, stopping`);
		if (args.readyFile) rmSync(args.readyFile, { force: true });
		void fake.close().then(() => process.exit(0));
	};
	process.on('SIGINT', () => stop('SIGINT'));
	process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
	console.error(`fake Tomoviee API failed to start: ${(error as Error).message}`);
	process.exit(1);
});
