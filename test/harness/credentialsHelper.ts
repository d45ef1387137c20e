import { Credentials, getAdditionalKeys } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsExpressionResolveValues,
	ICredentialType,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowDataProxyAdditionalKeys,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, UnexpectedError, Workflow, isExpression } from 'n8n-workflow';

import { ITEM_SOURCE_NODE_TYPE, type PackageNodeTypes } from './nodeTypes';

/** Stored credential data by credential type name: what a user typed into the credential form. */
export type CredentialDataByType = Record<string, ICredentialDataDecryptedObject>;

/** Stands in for the node n8n's server uses when it resolves credential expressions outside a node. */
const CREDENTIAL_RESOLUTION_NODE: INode = {
	id: 'harness-credential-resolution',
	name: '',
	// Any node type the harness knows; the server uses a mock type for the same purpose.
	type: ITEM_SOURCE_NODE_TYPE,
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

/**
 * Credentials helper for in-process runs. It behaves like the n8n server's helper
 * (packages/cli/src/credentials-helper.ts) where it matters for a node's requests:
 * - getDecrypted fills in the credential type's defaults and resolves expressions in the
 *   stored values, as the server does after decrypting;
 * - authenticate applies a function `authenticate` as is, and a declarative
 *   `{ type: 'generic', properties }` by resolving every key and value of every section
 *   (headers, qs, body, auth) against `$credentials` with n8n's expression engine and writing
 *   them into the request options. `auth: { username, password }` thereby becomes the
 *   request's `auth`, which n8n's HTTP layer sends as HTTP Basic authentication.
 * Storage is an in-memory map instead of the database; nothing is encrypted.
 */
export class HarnessCredentialsHelper extends ICredentialsHelper {
	/** Every credential data object this helper handed out, so a test can find its values anywhere. */
	private stored: CredentialDataByType;

	constructor(
		private readonly types: PackageNodeTypes,
		credentials: CredentialDataByType = {},
	) {
		super();
		this.stored = structuredClone(credentials);
	}

	/** Credential reference to put on a workflow node for the given type. */
	static nodeCredentialsFor(type: string): INodeCredentialsDetails {
		return { id: `harness-${type}`, name: `Test ${type}` };
	}

	setCredentials(credentials: CredentialDataByType) {
		this.stored = structuredClone(credentials);
	}

	getParentTypes(typeName: string): string[] {
		const parents: string[] = [];
		for (const parent of this.credentialType(typeName).extends ?? []) {
			parents.push(parent);
			if (this.types.recognizesCredential(parent)) parents.push(...this.getParentTypes(parent));
		}
		return parents;
	}

	isCredentialUsableByNode(credentialType: string, nodeType: string): boolean {
		if (!this.types.recognizesCredential(credentialType)) return true;
		const type = this.types.getCredentialType(credentialType);
		if (!type.restrictToSupportedNodes) return true;
		return (this.types.nodesByCredential[credentialType] ?? []).includes(nodeType);
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.credentialType(typeName);
		if (!authenticate) return requestOptions as IHttpRequestOptions;
		if (typeof authenticate === 'function') {
			return await authenticate(credentials, requestOptions as IHttpRequestOptions);
		}
		if (!workflow || !node) {
			throw new UnexpectedError('Workflow and node are required for declarative credential authentication');
		}
		if (authenticate.type !== 'generic') return requestOptions as IHttpRequestOptions;

		const target = requestOptions as unknown as Record<string, Record<string, string>>;
		target.headers ??= {};
		const additionalKeys = { $credentials: credentials } as IWorkflowDataProxyAdditionalKeys;
		for (const [section, entries] of Object.entries(authenticate.properties)) {
			for (const [key, value] of Object.entries(entries as Record<string, string>)) {
				const resolvedKey = this.resolveAuthValue(key, additionalKeys, workflow, node);
				const resolvedValue = this.resolveAuthValue(value, additionalKeys, workflow, node);
				target[section] ??= {};
				target[section][resolvedKey] = resolvedValue;
			}
		}
		return requestOptions as IHttpRequestOptions;
	}

	/** Like the server: a non-expression is used verbatim, an expression resolves to a string ('' when empty). */
	private resolveAuthValue(
		value: string,
		additionalKeys: IWorkflowDataProxyAdditionalKeys,
		workflow: Workflow,
		node: INode,
	): string {
		if (!isExpression(value)) return value;
		const resolved = workflow.expression.getSimpleParameterValue(
			node,
			value,
			'internal',
			additionalKeys,
			undefined,
			'',
		);
		return resolved ? String(resolved) : '';
	}

	async preAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		// Only credentials with an expirable hidden token use pre-authentication; none here.
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(nodeCredentials: INodeCredentialsDetails, type: string): Promise<Credentials> {
		const credentials = new Credentials({ id: nodeCredentials.id, name: nodeCredentials.name }, type);
		credentials.setData(this.storedData(type));
		return credentials;
	}

	async getDecrypted(
		additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		mode: WorkflowExecuteMode,
		executeData?: IExecuteData,
		raw?: boolean,
		expressionResolveValues?: ICredentialsExpressionResolveValues,
	): Promise<ICredentialDataDecryptedObject> {
		const stored = this.storedData(type);
		if (raw === true) return stored;

		// Defaults of the credential type for fields the user left out, as the server adds them.
		let data = NodeHelpers.getNodeParameters(
			this.getCredentialsProperties(type),
			stored as INodeParameters,
			true,
			false,
			null,
			null,
		) as ICredentialDataDecryptedObject;

		const additionalKeys = getAdditionalKeys(additionalData, mode, null, { isCredential: true });
		if (expressionResolveValues) {
			data = expressionResolveValues.workflow.expression.getParameterValue(
				data as INodeParameters,
				expressionResolveValues.runExecutionData,
				expressionResolveValues.runIndex,
				expressionResolveValues.itemIndex,
				expressionResolveValues.node.name,
				expressionResolveValues.connectionInputData,
				mode,
				additionalKeys,
				executeData,
				false,
				data,
			) as ICredentialDataDecryptedObject;
		} else {
			const workflow = new Workflow({
				nodes: [CREDENTIAL_RESOLUTION_NODE],
				connections: {},
				active: false,
				nodeTypes: this.types,
			});
			await workflow.expression.withIsolate(async () => {
				data = workflow.expression.getComplexParameterValue(
					CREDENTIAL_RESOLUTION_NODE,
					data as INodeParameters,
					mode,
					additionalKeys,
					undefined,
					undefined,
					data,
				) as ICredentialDataDecryptedObject;
			});
		}
		return data;
	}

	async updateCredentials(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored[type] = structuredClone(data);
	}

	async updateCredentialsOauthTokenData(
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.stored[type] = { ...this.storedData(type), oauthTokenData: data.oauthTokenData };
	}

	getCredentialsProperties(type: string): INodeProperties[] {
		const credentialType = this.credentialType(type);
		if (!credentialType.extends) return credentialType.properties;
		const combined: INodeProperties[] = [];
		for (const parent of credentialType.extends) {
			NodeHelpers.mergeNodeProperties(combined, this.getCredentialsProperties(parent));
		}
		NodeHelpers.mergeNodeProperties(combined, credentialType.properties);
		return combined;
	}

	private credentialType(name: string): ICredentialType {
		return this.types.getCredentialType(name);
	}

	private storedData(type: string): ICredentialDataDecryptedObject {
		const data = this.stored[type];
		if (!data) {
			throw new UnexpectedError(`The test gave no credentials of type "${type}"`);
		}
		return structuredClone(data);
	}
}
