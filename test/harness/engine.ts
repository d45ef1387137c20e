/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-hardcoded-secrets -- Node test tooling, not n8n runtime code; its credentials are made-up test values */
/**
 * Process-wide set-up of the services n8n-core 2.x takes from its DI container while it runs
 * a workflow. The n8n server does this at start-up; in a test process we do the minimum, once.
 *
 * What n8n-core asks the container for during an execution (2.41):
 * - `Logger` (@n8n/backend-common): node contexts expose it as `this.logger`. The real class
 *   writes to the console and re-points LoggerProxy at itself when first built, so we register
 *   our capture before anything can build it.
 * - `InstanceSettings`: built by every node execution context. Its constructor reads or writes
 *   `<n8nFolder>/config` (the encryption key), so it gets a private temp folder, never ~/.n8n.
 * - `BinaryDataService`: used by prepareBinaryData & co. Without `init()` it keeps binary data
 *   in memory as base64 (n8n's "default" mode); `init()` switches it to its configured mode.
 * - `ErrorReporter`, `OutboundHttp`, `ExecutionContextService`, `SecurityConfig`: default
 *   construction works (SSRF protection is off unless configured, so 127.0.0.1 is reachable).
 */
import { Logger } from '@n8n/backend-common';
import { InstanceSettingsConfig } from '@n8n/config';
import { Container } from '@n8n/di';
import { BinaryDataConfig, BinaryDataService, ErrorReporter } from 'n8n-core';
import { LoggerProxy } from 'n8n-workflow';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { CapturingLogger } from './logCapture';

export type BinaryDataMode = 'default' | 'filesystem';

export interface BinaryDataSetup {
	/** 'default': binary data stays in memory (base64 in the item). 'filesystem': n8n's file store. */
	mode: BinaryDataMode;
	/** Folder for the filesystem store; a fresh temp folder under the harness folder if omitted. */
	storagePath?: string;
}

interface EngineState {
	logger: CapturingLogger;
	/** Private n8n user folder of this process: settings file, binary data, anything n8n writes. */
	userFolder: string;
	binaryData: Required<BinaryDataSetup>;
}

let state: EngineState | undefined;

/** The fixed key only protects throwaway test data in a temp folder; it is not a secret. */
const HARNESS_ENCRYPTION_KEY = 'n8n-nodes-tomoviee-test-harness-key';

/**
 * Prepares n8n-core's DI container and LoggerProxy once per process (idempotent).
 * Returns the shared log capture.
 */
export function ensureEngine(): EngineState {
	if (state) return state;

	const logger = new CapturingLogger();
	Container.set(Logger, logger as unknown as Logger);
	LoggerProxy.init(logger);

	const userFolder = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	// Removing the folder at exit keeps /tmp clean without holding a handle open during the run.
	process.once('exit', () => rmSync(userFolder, { recursive: true, force: true }));

	// Read-only in the config's typing; set here before InstanceSettings reads it for the first time.
	Object.assign(Container.get(InstanceSettingsConfig), {
		n8nFolder: path.join(userFolder, '.n8n'),
		userHome: userFolder,
		encryptionKey: HARNESS_ENCRYPTION_KEY,
	});

	state = {
		logger,
		userFolder,
		binaryData: { mode: 'default', storagePath: '' },
	};
	installBinaryDataService(state, { mode: 'default' });
	return state;
}

/**
 * Puts a fresh BinaryDataService in the container for the given mode. The service is a
 * process-wide singleton in n8n, so runs that overlap in time must use the same mode.
 */
export async function useBinaryDataMode(setup: BinaryDataSetup): Promise<Required<BinaryDataSetup>> {
	const engine = ensureEngine();
	const wanted = setup.mode === 'filesystem' ? (setup.storagePath ?? '') : '';
	if (engine.binaryData.mode === setup.mode && (!setup.storagePath || engine.binaryData.storagePath === wanted)) {
		return engine.binaryData;
	}
	const service = installBinaryDataService(engine, setup);
	if (setup.mode === 'filesystem') await service.init();
	return engine.binaryData;
}

function installBinaryDataService(engine: EngineState, setup: BinaryDataSetup): BinaryDataService {
	const baseConfig = Container.get(BinaryDataConfig);
	const storagePath =
		setup.mode === 'filesystem' ? (setup.storagePath ?? mkdtempSync(path.join(engine.userFolder, 'binary-data-'))) : '';
	// A copy, so the container's config singleton keeps describing the process defaults.
	const config = Object.assign(Object.create(BinaryDataConfig.prototype) as BinaryDataConfig, baseConfig, {
		mode: setup.mode === 'filesystem' ? 'filesystem' : 'default',
		localStoragePath: storagePath || baseConfig.localStoragePath,
	});
	const service = new BinaryDataService(config, Container.get(ErrorReporter), Container.get(Logger));
	Container.set(BinaryDataService, service);
	engine.binaryData = { mode: setup.mode, storagePath };
	return service;
}
