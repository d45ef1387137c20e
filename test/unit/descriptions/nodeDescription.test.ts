import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { TomovieeApi } from '../../../credentials/TomovieeApi.credentials';
import { TomovieeImageToVideo } from '../../../nodes/Tomoviee/TomovieeImageToVideo.node';
import { CAMERA_MOVES } from '../../../nodes/Tomoviee/domain/vocabulary';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from '../../../nodes/Tomoviee/transport/credentialTest';

const description = new TomovieeImageToVideo().description;

const OPERATIONS = ['create', 'createAndWait', 'getStatus'] as const;

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

	it('shows each operation its own fields, in form order, each name once', () => {
		const request = ['prompt', 'imageUrl', 'durationNotice', 'resolution', 'aspectRatio', 'cameraMove'];
		const returned = ['returnAs', 'binaryPropertyName', 'maxFileSizeMb'];
		const names = (operation: string) => fieldsOf(operation).map((field) => field.name);
		expect(names('create')).toEqual([...request, 'options']);
		expect(names('createAndWait')).toEqual([...request, 'waitMode', 'callbackModeNotice', ...returned, 'options']);
		expect(names('getStatus')).toEqual(['taskId', ...returned]);
		// Every field but the operation selector and Simplify Output (one per node version, for every operation)
		// belongs to some operation: nothing is shown to none.
		const placed = new Set(OPERATIONS.flatMap((operation) => fieldsOf(operation)));
		expect(description.properties.filter((field) => !placed.has(field)).map((field) => field.name)).toEqual([
			'operation',
			'simplify',
			'simplify',
		]);
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

	it('offers exactly the two resolutions, 720p by default', () => {
		expect(optionsOf('resolution').map((option) => option.value)).toEqual(['720p', '1080p']);
		expect(property('resolution').default).toBe('720p');
	});

	it('offers exactly the six aspect ratios', () => {
		expect(optionsOf('aspectRatio').map((option) => option.value)).toEqual([
			'16:9',
			'9:16',
			'4:3',
			'3:4',
			'1:1',
			'original',
		]);
	});

	it('offers Auto plus the 46 camera moves (47 options) in a searchable list, Auto by default', () => {
		const moves = optionsOf('cameraMove');
		expect(moves).toHaveLength(47);
		expect(moves[0]).toMatchObject({ name: 'Auto', value: 0 });
		expect(moves.slice(1).map((option) => option.value)).toEqual(Array.from({ length: 46 }, (_, i) => i + 1));
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
		const { maxParallelTasks: _, ...callbackOptions } = options;
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
		const names = (operation: string) => collectionOptionsOf(operation).map((option) => option.name);
		expect(names('create')).toEqual(['additionalBodyFields', 'callbackUrl', 'params']);
		// Sorted by display name: params shows as Custom Data.
		expect(names('createAndWait')).toEqual([
			'additionalBodyFields',
			'callbackUrl',
			'params',
			'maxParallelTasks',
			'maxWaitMinutes',
			'pollIntervalSeconds',
		]);
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
		expect(credential.properties.map((candidate) => candidate.name)).toEqual([
			'appKey',
			'appSecret',
			'gateway',
			'baseUrl',
		]);
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
