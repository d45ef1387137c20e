/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- Node test tooling, not n8n runtime code */
import { PackageDirectoryLoader } from 'n8n-core';
import type {
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IVersionedNodeType,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeHelpers, UnexpectedError } from 'n8n-workflow';
import path from 'node:path';

import { ensureEngine } from './engine';

/** Repository root: the package whose built `dist/` the harness loads by default. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Package prefix of the harness-only node types (not part of any published package). */
export const HARNESS_PACKAGE = 'n8n-nodes-harness';
export const ITEM_SOURCE_NODE_TYPE = `${HARNESS_PACKAGE}.itemSource`;

/**
 * The first node of every harness workflow. It has no parameters: the harness puts the test's
 * items on its input in the execution stack, and it emits them with `pairedItem` set, the way
 * a trigger or a pinned node hands items to the next node. Binary properties given as base64
 * are stored through `prepareBinaryData`, so they land in whatever binary data mode is active
 * (memory or filesystem) exactly like binary data a real node produced.
 */
export class ItemSourceNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: 'itemSource',
		group: ['input'],
		version: 1,
		description: 'Harness-only: emits the items the test gives it',
		defaults: { name: 'Test Items' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Declared as community-nodes' node-usable-as-tool asks of every node; the harness builds no tool variants.
		usableAsTool: true,
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const output: INodeExecutionData[] = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const { json, binary } = items[itemIndex];
			const item: INodeExecutionData = { json, pairedItem: { item: itemIndex } };
			if (binary) {
				item.binary = {};
				for (const [property, data] of Object.entries(binary)) {
					item.binary[property] = await this.helpers.prepareBinaryData(
						Buffer.from(data.data, 'base64'),
						data.fileName,
						data.mimeType,
					);
				}
			}
			output.push(item);
		}
		return [output];
	}
}

/** Node and credential types loaded the way n8n loads an installed community package. */
export class PackageNodeTypes implements INodeTypes {
	constructor(
		readonly packageName: string,
		readonly packageDir: string,
		private readonly nodes: Map<string, INodeType | IVersionedNodeType>,
		private readonly credentials: Map<string, ICredentialType>,
		/** Credential type -> full names of the nodes that declare it. */
		readonly nodesByCredential: Record<string, string[]>,
	) {}

	/** Accepts a full type (`pkg.node`) or the node's short name within the loaded package. */
	fullNodeType(type: string): string {
		if (this.nodes.has(type)) return type;
		const qualified = `${this.packageName}.${type}`;
		if (this.nodes.has(qualified)) return qualified;
		throw new UnexpectedError(`Unknown node type "${type}" (known: ${[...this.nodes.keys()].join(', ')})`);
	}

	getByName(type: string): INodeType | IVersionedNodeType {
		return this.nodes.get(this.fullNodeType(type))!;
	}

	getByNameAndVersion(type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(type), version);
	}

	getKnownTypes(): IDataObject {
		return Object.fromEntries([...this.nodes.keys()].map((name) => [name, { className: name }]));
	}

	credentialTypeNames(): string[] {
		return [...this.credentials.keys()];
	}

	recognizesCredential(name: string): boolean {
		return this.credentials.has(name);
	}

	getCredentialType(name: string): ICredentialType {
		const type = this.credentials.get(name);
		if (!type) throw new UnexpectedError(`Unknown credential type "${name}"`);
		return type;
	}
}

const loadedPackages = new Map<string, Promise<PackageNodeTypes>>();

/**
 * Loads the node and credential types of a built package (package.json `n8n` block -> dist
 * files) with n8n-core's PackageDirectoryLoader, plus the harness item source node.
 * Cached per directory: loading runs `require`, which is cached anyway.
 */
export async function loadPackageNodeTypes(packageDir: string = REPO_ROOT): Promise<PackageNodeTypes> {
	const dir = path.resolve(packageDir);
	let loading = loadedPackages.get(dir);
	if (!loading) {
		loading = loadPackage(dir);
		loadedPackages.set(dir, loading);
		loading.catch(() => loadedPackages.delete(dir));
	}
	return await loading;
}

async function loadPackage(dir: string): Promise<PackageNodeTypes> {
	ensureEngine();
	const loader = new PackageDirectoryLoader(dir);
	await loader.loadAll();
	const { packageName } = loader;

	const nodes = new Map<string, INodeType | IVersionedNodeType>();
	for (const [name, loaded] of Object.entries(loader.nodeTypes)) {
		nodes.set(`${packageName}.${name}`, loaded.type);
	}
	if (nodes.size === 0) {
		throw new UnexpectedError(`No node types loaded from ${dir}: is the package built (n8n.nodes in package.json)?`);
	}
	nodes.set(ITEM_SOURCE_NODE_TYPE, new ItemSourceNode());

	const credentials = new Map<string, ICredentialType>();
	for (const [name, loaded] of Object.entries(loader.credentialTypes)) {
		credentials.set(name, loaded.type);
	}

	const nodesByCredential: Record<string, string[]> = {};
	for (const [credential, nodeNames] of Object.entries(loader.nodesByCredential)) {
		nodesByCredential[credential] = nodeNames.map((name) => `${packageName}.${name}`);
	}
	return new PackageNodeTypes(packageName, dir, nodes, credentials, nodesByCredential);
}
