/**
 * The Tomoviee Image to Video form and the credential: what each operation shows, that every field can be shown,
 * that the choices and defaults are ones the engine reads the same way, and what n8n resolves on save and run. Field
 * order is the form's business and is not pinned here.
 */
import type { IExecuteFunctions, INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { TomovieeApi } from '../../../credentials/TomovieeApi.credentials';
import { TomovieeImageToVideo } from '../../../nodes/Tomoviee/TomovieeImageToVideo.node';
import type { TaskRequest } from '../../../nodes/Tomoviee/engine/types';
import { IMAGE_TO_VIDEO } from '../../../nodes/Tomoviee/imageToVideo/target';
import {
	readMaxParallelTasks,
	readReturnSettings,
	readWaitMode,
	readWaitSettings,
} from '../../../nodes/Tomoviee/parameters/settings';
import { readTaskRun } from '../../../nodes/Tomoviee/parameters/taskRequest';
import { CAMERA_MOVES } from '../../../nodes/Tomoviee/domain/vocabulary';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from '../../../nodes/Tomoviee/transport/credentialTest';
import { NODE } from '../transport/support';

const description = new TomovieeImageToVideo().description;

const OPERATIONS = ['create', 'createAndWait', 'getStatus'] as const;

/** One item's task request as Create reads it (throws its error); return settings are compared on their own. */
function readVideoTaskRequest(ctx: IExecuteFunctions, itemIndex: number): Omit<TaskRequest, 'returnSettings'> {
	const request = readTaskRun(ctx, [{ json: {} }], IMAGE_TO_VIDEO, 'create').requests[itemIndex];
	if (request instanceof Error) throw request;
	const sent: Partial<TaskRequest> = { ...request };
	delete sent.returnSettings;
	return sent as Omit<TaskRequest, 'returnSettings'>;
}

/** The fields the form shows for one operation, in order (each operation file adds its own, named per operation). */
function fieldsOf(operation: string): INodeProperties[] {
	return description.properties.filter((candidate) =>
		(candidate.displayOptions?.show?.operation as string[] | undefined)?.includes(operation),
	);
}

function property(name: string, operation = 'createAndWait'): INodeProperties {
	const found = fieldsOf(operation).find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name} for ${operation}`);
	return found;
}

/** The options of the Options collection that show for one operation. */
function collectionOptionsOf(operation: string): INodeProperties[] {
	const options = (property('options', operation).options ?? []) as INodeProperties[];
	return options.filter((option) => {
		const shownFor = option.displayOptions?.show?.['/operation'] as string[] | undefined;
		return shownFor === undefined || shownFor.includes(operation);
	});
}

function optionsOf(name: string, operation?: string): INodePropertyOptions[] {
	const found =
		name === 'operation'
			? description.properties.find((candidate) => candidate.name === 'operation')
			: property(name, operation);
	return (found?.options ?? []) as INodePropertyOptions[];
}

/** The parameters n8n resolves for a node saved with `parameters` (defaults filled in, hidden fields dropped). */
function resolveForm(parameters: INodeParameters, typeVersion = 1.1): INodeParameters {
	const node = { name: 'T', type: 'tomovieeImageToVideo', typeVersion, position: [0, 0], parameters } as INode;
	return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
}

/** The parameter readers' view of a node with these parameters: a parameter not set gives the reader's own fallback. */
function contextWith(parameters: INodeParameters): IExecuteFunctions {
	return {
		getNode: () => NODE,
		continueOnFail: () => false,
		getNodeParameter: (name: string, _itemIndex: number, fallback?: unknown) => parameters[name] ?? fallback,
	} as unknown as IExecuteFunctions;
}

/** Values of the fields that other fields' displayOptions depend on, and the node versions: every state of the form. */
function formStates(): Array<{ values: INodeParameters; typeVersion: number }> {
	const controlling = new Set(
		description.properties.flatMap((field) =>
			Object.keys(field.displayOptions?.show ?? {}).filter((name) => !name.startsWith('@')),
		),
	);
	let states: INodeParameters[] = [{}];
	for (const name of controlling) {
		const values = description.properties
			.filter((field) => field.name === name)
			.flatMap((field) => ((field.options ?? []) as INodePropertyOptions[]).map((option) => option.value));
		states = states.flatMap((state) => values.map((value) => ({ ...state, [name]: value })));
	}
	const versions = ([] as number[]).concat(description.version);
	return states.flatMap((values) => versions.map((typeVersion) => ({ values, typeVersion })));
}

function shownIn(field: INodeProperties, state: { values: INodeParameters; typeVersion: number }): boolean {
	return NodeHelpers.displayParameter(state.values, field, { typeVersion: state.typeVersion }, description);
}

const sorted = (names: string[]) => [...names].sort();

describe('node description', () => {
	it('has the fixed type name, a tool flag, a subtitle and the credential', () => {
		expect(description.name).toBe('tomovieeImageToVideo');
		expect(description.displayName).toBe('Tomoviee Image to Video');
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.credentials).toEqual([{ name: 'tomovieeApi', required: true, testedBy: CREDENTIAL_TEST_NAME }]);
		expect(new TomovieeImageToVideo().methods.credentialTest[CREDENTIAL_TEST_NAME]).toBe(testTomovieeCredential);
		expect(description.icon).toEqual({ light: 'file:tomoviee.svg', dark: 'file:tomoviee.dark.svg' });
	});

	it('offers the three operations, each with an action', () => {
		const operations = optionsOf('operation');
		expect(operations.map((option) => option.value).sort()).toEqual(['create', 'createAndWait', 'getStatus']);
		for (const option of operations) expect(option).toHaveProperty('action');
		expect(description.properties.find((candidate) => candidate.name === 'operation')?.noDataExpression).toBe(true);
	});

	it('shows each operation its own fields', () => {
		const request = ['prompt', 'imageUrl', 'durationNotice', 'resolution', 'aspectRatio', 'cameraMove'];
		const returned = ['returnAs', 'binaryPropertyName', 'maxFileSizeMb'];
		const names = (operation: string) => sorted(fieldsOf(operation).map((field) => field.name));
		expect(names('create')).toEqual(sorted([...request, 'options']));
		expect(names('createAndWait')).toEqual(
			sorted([...request, 'waitMode', 'callbackModeNotice', ...returned, 'options']),
		);
		expect(names('getStatus')).toEqual(sorted(['taskId', ...returned]));
	});

	it('can show every field and every option of Options: none hides behind a condition no choice meets', () => {
		const states = formStates();
		expect(states.length).toBeGreaterThan(OPERATIONS.length);
		const hidden = description.properties.filter((field) => !states.some((state) => shownIn(field, state)));
		expect(hidden.map((field) => field.name)).toEqual([]);
		const options = description.properties.filter((field) => field.name === 'options');
		const hiddenOptions = options.flatMap((collection) =>
			((collection.options ?? []) as INodeProperties[]).filter(
				(option) =>
					!states.some(
						(state) =>
							shownIn(collection, state) &&
							NodeHelpers.displayParameter({}, option, { typeVersion: state.typeVersion }, description, state.values),
					),
			),
		);
		expect(hiddenOptions.map((option) => option.name)).toEqual([]);
	});

	it('never shows two fields of one name at once (n8n would keep one value for both)', () => {
		for (const state of formStates()) {
			const shown = description.properties.filter((field) => shownIn(field, state)).map((field) => field.name);
			expect(shown).toEqual([...new Set(shown)]);
		}
	});

	it('gives a field that several operations show the same type and default, so switching keeps its value', () => {
		// Within one node version: a field defined per version (Simplify Output) may change its default between them.
		const keyOf = (field: INodeProperties) =>
			`${field.name} ${JSON.stringify(field.displayOptions?.show?.['@version'] ?? null)}`;
		const byName = new Map<string, INodeProperties[]>();
		for (const field of description.properties) byName.set(keyOf(field), [...(byName.get(keyOf(field)) ?? []), field]);
		const shared = [...byName].filter(([, fields]) => fields.length > 1);
		expect(shared.map(([key]) => key.split(' ')[0])).toEqual(
			expect.arrayContaining(['prompt', 'cameraMove', 'returnAs', 'options']),
		);
		for (const [, fields] of shared) {
			for (const field of fields) {
				expect({ type: field.type, default: field.default }).toEqual({
					type: fields[0].type,
					default: fields[0].default,
				});
			}
		}
	});

	it('requires prompt (several rows) and image URL for the submitting operations only', () => {
		for (const operation of ['create', 'createAndWait']) {
			for (const name of ['prompt', 'imageUrl']) expect(property(name, operation).required).toBe(true);
			expect(property('prompt', operation).typeOptions?.rows).toBeGreaterThan(1);
		}
		expect(fieldsOf('getStatus').map((field) => field.name)).not.toEqual(expect.arrayContaining(['prompt']));
		expect(fieldsOf('getStatus').map((field) => field.name)).not.toEqual(expect.arrayContaining(['imageUrl']));
	});

	it('offers exactly the two resolutions, 720p by default, and the six aspect ratios, Original by default', () => {
		expect(sorted(optionsOf('resolution').map((option) => String(option.value)))).toEqual(sorted(['720p', '1080p']));
		expect(property('resolution').default).toBe('720p');
		expect(sorted(optionsOf('aspectRatio').map((option) => String(option.value)))).toEqual(
			sorted(['16:9', '9:16', '4:3', '3:4', '1:1', 'original']),
		);
		expect(property('aspectRatio').default).toBe('original');
	});

	it('offers only choices the engine accepts, and sends each as chosen; a value not offered is refused', () => {
		const required = { prompt: 'a fox', imageUrl: 'https://example.com/a.png' };
		const bodyFor = (parameters: INodeParameters) =>
			readVideoTaskRequest(contextWith({ ...required, ...parameters }), 0).body;
		for (const option of optionsOf('resolution'))
			expect(bodyFor({ resolution: option.value })).toMatchObject({ resolution: option.value });
		for (const option of optionsOf('aspectRatio')) {
			expect(bodyFor({ aspectRatio: option.value })).toMatchObject({ aspect_ratio: option.value });
		}
		for (const option of optionsOf('cameraMove')) expect(() => bodyFor({ cameraMove: option.value })).not.toThrow();
		expect(() => bodyFor({ resolution: '480p' })).toThrow(/'Resolution'/);
		expect(() => bodyFor({ aspectRatio: '21:9' })).toThrow(/'Aspect Ratio'/);
		expect(() => bodyFor({ cameraMove: CAMERA_MOVES.length + 1 })).toThrow(/'Camera Move'/);
	});

	it("reads a field left unset as the form's default: the engine assumes what the form shows", () => {
		const required = { prompt: 'a fox', imageUrl: 'https://example.com/a.png' };
		const unset = contextWith(required);
		const asShown = contextWith(resolveForm({ operation: 'createAndWait', ...required }));
		expect(readVideoTaskRequest(asShown, 0)).toEqual(readVideoTaskRequest(unset, 0));
		expect(readWaitMode(asShown)).toEqual(readWaitMode(unset));
		expect(readReturnSettings(asShown, 0)).toMatchObject({ returnAs: readReturnSettings(unset, 0).returnAs });
		const binary = { operation: 'createAndWait', ...required, returnAs: 'binary' };
		// Simplify Output is left out: its default differs by node version on purpose (see below).
		const fileSettings = ({ returnAs, binaryPropertyName, maxBytes }: ReturnType<typeof readReturnSettings>) => ({
			returnAs,
			binaryPropertyName,
			maxBytes,
		});
		expect(fileSettings(readReturnSettings(contextWith(resolveForm(binary)), 0))).toEqual(
			fileSettings(readReturnSettings(contextWith({ returnAs: 'binary' }), 0)),
		);

		// An option added to Options and left at its default changes nothing.
		const optionDefaults = Object.fromEntries(
			collectionOptionsOf('createAndWait').map((option) => [option.name, option.default]),
		) as INodeParameters;
		const noOptions = contextWith({ ...required, options: {} });
		const defaultOptions = contextWith({ ...required, options: optionDefaults });
		expect(readWaitSettings(defaultOptions, 0)).toEqual(readWaitSettings(noOptions, 0));
		expect(readMaxParallelTasks(defaultOptions)).toBe(readMaxParallelTasks(noOptions));
		expect(readVideoTaskRequest(defaultOptions, 0)).toEqual(readVideoTaskRequest(noOptions, 0));
	});

	it('offers Auto plus the 46 camera moves (47 options) in a searchable list, Auto by default', () => {
		const moves = optionsOf('cameraMove');
		expect(moves).toHaveLength(47);
		expect(moves.find((option) => option.value === 0)?.name).toBe('Auto');
		expect(sorted(moves.map((option) => String(option.value)))).toEqual(
			sorted(Array.from({ length: 47 }, (_, i) => String(i))),
		);
		expect(moves.find((option) => option.value === 7)?.name).toBe('Push In (7)');
		expect(moves.find((option) => option.value === 1)?.name).toBe('Orbit (1)');
		expect(moves.find((option) => option.value === 46)?.name).toBe('Crane Down (46)');
		for (const option of moves.slice(1)) expect(option.name).toMatch(new RegExp(` \\(${String(option.value)}\\)$`));
		// Index 39 repeats 28's name upstream: every label must still be unique in the dropdown.
		expect(new Set(moves.map((option) => option.name)).size).toBe(47);
		expect(property('cameraMove').typeOptions?.searchable).toBe(true);
		expect(property('cameraMove').default).toBe(0);
		expect(CAMERA_MOVES).toHaveLength(46);
	});

	it('says in the UI that the duration is fixed at 5 seconds', () => {
		const notices = description.properties.filter((candidate) => candidate.type === 'notice');
		expect(notices.some((notice) => /5-second/.test(notice.displayName))).toBe(true);
	});

	it('asks for the task id on Get Status only', () => {
		expect(property('taskId', 'getStatus').required).toBe(true);
		const withTaskId = description.properties.filter((field) => field.name === 'taskId');
		expect(withTaskId.map((field) => field.displayOptions?.show?.operation)).toEqual([['getStatus']]);
	});

	it('offers Wait Mode (Poll by default) and its Callback notice on Create and Wait only', () => {
		expect(optionsOf('waitMode').map((option) => option.value)).toEqual(['poll', 'callback']);
		expect(property('waitMode').default).toBe('poll');
		expect(property('callbackModeNotice').displayOptions?.show?.waitMode).toEqual(['callback']);
		for (const operation of ['create', 'getStatus']) {
			const names = fieldsOf(operation).map((field) => field.name);
			expect(names).not.toContain('waitMode');
			expect(names).not.toContain('callbackModeNotice');
		}
	});

	it('offers Return As (URL by default) on Get Status and Create and Wait, its file fields for Binary File only', () => {
		for (const operation of ['getStatus', 'createAndWait']) {
			expect(optionsOf('returnAs', operation).map((option) => option.value)).toEqual(['url', 'binary']);
			expect(property('returnAs', operation).default).toBe('url');
			for (const name of ['binaryPropertyName', 'maxFileSizeMb']) {
				expect(property(name, operation).displayOptions?.show?.returnAs).toEqual(['binary']);
			}
		}
		expect(fieldsOf('create').map((field) => field.name)).not.toContain('returnAs');
	});

	it('resolves, as n8n does on save and run, one value per field for the chosen operation', () => {
		const resolve = (parameters: INodeParameters) => {
			const node = {
				name: 'Tomoviee',
				type: 'tomovieeImageToVideo',
				typeVersion: 1,
				position: [0, 0],
				parameters,
			} as INode;
			return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
		};
		// Values typed under Create and Wait, then the operation switched: the shared fields keep their values, the
		// waiting settings drop out of Options.
		const typed = {
			prompt: 'p',
			imageUrl: 'https://example.com/a.png',
			cameraMove: 7,
			waitMode: 'callback',
			returnAs: 'binary',
		};
		const options = { params: 'x', maxWaitMinutes: 5, maxParallelTasks: 3 };
		// Callback mode creates every task before the execution waits: Max Parallel Tasks is Poll's alone.
		const callbackOptions: Partial<typeof options> = { ...options };
		delete callbackOptions.maxParallelTasks;
		expect(resolve({ operation: 'createAndWait', ...typed, options })).toEqual(
			expect.objectContaining({ ...typed, binaryPropertyName: 'data', maxFileSizeMb: 1024, options: callbackOptions }),
		);
		expect(resolve({ operation: 'createAndWait', ...typed, waitMode: 'poll', options })).toEqual(
			expect.objectContaining({ options }),
		);
		// A saved node leaves Wait Mode out while it is the default, Poll: the option stays.
		expect(
			resolve({ operation: 'createAndWait', prompt: 'p', imageUrl: 'https://example.com/a.png', options }),
		).toEqual(expect.objectContaining({ options }));
		const created = resolve({ operation: 'create', ...typed, options });
		expect(created).toEqual(expect.objectContaining({ prompt: 'p', cameraMove: 7, options: { params: 'x' } }));
		expect(created).not.toHaveProperty('waitMode');
		expect(created).not.toHaveProperty('returnAs');
		const status = resolve({ operation: 'getStatus', taskId: 't', ...typed, options });
		expect(status).toEqual({
			operation: 'getStatus',
			taskId: 't',
			returnAs: 'binary',
			binaryPropertyName: 'data',
			maxFileSizeMb: 1024,
			simplify: false,
		});
	});

	it('resolves Simplify Output off for a version 1 node (its output unchanged) and on by default from 1.1', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const resolve = (parameters: INodeParameters, typeVersion: number) => {
			const node = { name: 'T', type: 'tomovieeImageToVideo', typeVersion, position: [0, 0], parameters } as INode;
			return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
		};
		for (const operation of OPERATIONS) {
			expect(resolve({ operation }, 1)).toHaveProperty('simplify', false);
			expect(resolve({ operation }, 1.1)).toHaveProperty('simplify', true);
			// What the user set is kept in either version.
			expect(resolve({ operation, simplify: true }, 1)).toHaveProperty('simplify', true);
			expect(resolve({ operation, simplify: false }, 1.1)).toHaveProperty('simplify', false);
		}
		// Saved without defaults (as n8n stores a workflow): a version 1 node with no simplify stays without it.
		const saved = NodeHelpers.getNodeParameters(
			description.properties,
			{ operation: 'create' },
			false,
			false,
			{ name: 'T', type: 'tomovieeImageToVideo', typeVersion: 1, position: [0, 0], parameters: {} } as INode,
			description,
		);
		expect(saved).not.toHaveProperty('simplify');
	});

	it('keeps callback URL and params in the options of both submitting operations, the waiting settings in Create and Wait only', () => {
		const names = (operation: string) => sorted(collectionOptionsOf(operation).map((option) => option.name));
		expect(names('create')).toEqual(sorted(['additionalBodyFields', 'callbackUrl', 'params']));
		expect(names('createAndWait')).toEqual(
			sorted([
				'additionalBodyFields',
				'callbackUrl',
				'params',
				'maxParallelTasks',
				'maxWaitMinutes',
				'pollIntervalSeconds',
			]),
		);
		expect(fieldsOf('getStatus').map((field) => field.name)).not.toContain('options');
		const option = (name: string) => collectionOptionsOf('createAndWait').find((candidate) => candidate.name === name);
		expect(option('maxWaitMinutes')?.default).toBe(10);
		expect(option('pollIntervalSeconds')?.typeOptions?.minValue).toBe(1);
		expect(option('maxParallelTasks')?.default).toBe(20);
	});
});

describe('credential description', () => {
	const credential = new TomovieeApi();
	const field = (name: string) => credential.properties.find((candidate) => candidate.name === name);

	it('is the tomovieeApi credential with documentation and icons', () => {
		expect(credential.name).toBe('tomovieeApi');
		expect(credential.displayName).toBe('Tomoviee API');
		expect(credential.documentationUrl).toMatch(/^https:\/\//);
		expect(credential.icon).toHaveProperty('light');
		expect(credential.icon).toHaveProperty('dark');
	});

	it('has app key, a masked app secret, the gateway choice and a base URL shown for custom only', () => {
		expect(sorted(credential.properties.map((candidate) => candidate.name))).toEqual(
			sorted(['appKey', 'appSecret', 'gateway', 'baseUrl']),
		);
		expect(field('appKey')?.required).toBe(true);
		expect(field('appSecret')?.required).toBe(true);
		expect(field('appSecret')?.typeOptions?.password).toBe(true);
		expect(field('appKey')?.typeOptions?.password).toBeUndefined();
		expect(((field('gateway')?.options ?? []) as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'https://openapi.wondershare.cc',
			'https://open-api.wondershare.cc',
			'custom',
		]);
		expect(field('gateway')?.default).toBe('https://openapi.wondershare.cc');
		expect(field('baseUrl')?.displayOptions?.show?.gateway).toEqual(['custom']);
	});

	it('authenticates generically: Basic auth from key and secret plus X-App-Key, nothing else', () => {
		expect(credential.authenticate).toEqual({
			type: 'generic',
			properties: {
				auth: { username: '={{$credentials.appKey}}', password: '={{$credentials.appSecret}}' },
				headers: { 'X-App-Key': '={{$credentials.appKey}}' },
			},
		});
	});

	it("has no declarative test: n8n would run it instead of the nodes' testedBy function", () => {
		expect(credential).not.toHaveProperty('test');
	});
});
