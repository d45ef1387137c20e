import type { INodeProperties } from 'n8n-workflow';

const simplifyOutput: INodeProperties = {
	displayName: 'Simplify Output',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
};

/**
 * Simplify Output of every operation of both nodes (actions/outputItems applies it). Defined once per node version,
 * as n8n's own nodes change a default: a workflow saved with version 1 resolves it to off, so its output does not
 * change; a node added at 1.1 or later starts with it on.
 */
export const simplifyOutputFields: INodeProperties[] = [
	{ ...simplifyOutput, default: false, displayOptions: { show: { '@version': [1] } } },
	{ ...simplifyOutput, default: true, displayOptions: { show: { '@version': [{ _cnd: { gte: 1.1 } }] } } },
];
