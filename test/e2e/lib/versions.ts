/**
 * The n8n releases the end-to-end run proves the package against, and the Node each one runs on.
 * Pinned so that a cached install stays valid and a run is reproducible.
 */
export const NODE24_VERSION = '24.21.0';

export interface N8nTarget {
	/** Short label used in folder names, log lines and script names. */
	id: 'n8n2' | 'n8n1';
	n8nVersion: string;
	/** 'bundled' = Node 24 from the npm package node-linux-<arch>; 'system' = the Node running this script (20). */
	runtime: 'node24' | 'system';
	/** npm `overrides` needed for the install to resolve. */
	overrides?: Record<string, string>;
	/** Extra environment n8n needs on this major. */
	env?: Record<string, string>;
}

export const N8N2: N8nTarget = {
	id: 'n8n2',
	n8nVersion: '2.40.7',
	runtime: 'node24',
};

export const N8N1: N8nTarget = {
	id: 'n8n1',
	n8nVersion: '1.123.81',
	runtime: 'system',
	// xlsx's newer releases are published as URL dependencies outside the npm registry; 0.18.5 is on it.
	overrides: { xlsx: '0.18.5' },
	env: { N8N_EXPRESSION_ENGINE: 'legacy' },
};

export const TARGETS = { n8n2: N8N2, n8n1: N8N1 } as const;
