/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- Node test tooling, not n8n runtime code */
/**
 * Both nodes and the credential against n8n's UX guidelines for nodes: actions, plain words, field names quoted in
 * messages, canvas subtitles in words, icons and documentation links.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { INode, INodeProperties, INodeType, INodeTypes } from 'n8n-workflow';
import { Workflow, WorkflowExpression } from 'n8n-workflow';

import { TomovieeApi } from '../../../credentials/TomovieeApi.credentials';
import { Tomoviee } from '../../../nodes/Tomoviee/Tomoviee.node';
import { TomovieeImageToVideo } from '../../../nodes/Tomoviee/TomovieeImageToVideo.node';
import { CAPABILITIES, CAPABILITY_LIST, type CapabilityField } from '../../../nodes/Tomoviee/domain/capabilities';
import {
	buildCapabilityRequest,
	buildCustomCapabilityRequest,
	validateField,
} from '../../../nodes/Tomoviee/domain/capabilityInput';
import { InvalidInputError, validateTaskId } from '../../../nodes/Tomoviee/domain/validate';
import {
	ARTICLE,
	JARGON,
	actionProblems,
	allFields,
	operationOptions,
	optionsOf,
	periodProblem,
	userTexts,
} from './uxRules';

const ROOT = path.resolve(__dirname, '../../..');
const tomoviee = new Tomoviee();
const imageToVideo = new TomovieeImageToVideo();
const credential = new TomovieeApi();
const NODES: Array<[string, INodeType]> = [
	['Tomoviee', tomoviee],
	['Tomoviee Image to Video', imageToVideo],
];

function displayNames(properties: INodeProperties[]): Set<string> {
	return new Set(allFields(properties).map((field) => field.displayName));
}

/** The message of the InvalidInputError `run` throws. */
function invalid(run: () => unknown): InvalidInputError {
	try {
		run();
	} catch (error) {
		if (error instanceof InvalidInputError) return error;
		throw error;
	}
	throw new Error('no InvalidInputError');
}

describe.each(NODES)('%s: actions', (_name, node) => {
	it('every operation has an action in sentence case, without articles, naming what it acts on', () => {
		const options = operationOptions(node.description.properties);
		expect(options.length).toBeGreaterThan(0);
		for (const option of options) expect(actionProblems(option.action)).toEqual([]);
	});
});

describe('action style check', () => {
	it("refuses the old actions' articles and an action without an object", () => {
		expect(actionProblems('Generate a video from text')).toEqual(['has an article: Generate a video from text']);
		expect(actionProblems('Get the status of a task')).toContain('has an article: Get the status of a task');
		expect(actionProblems('Create and wait')).toEqual(['names no object: Create and wait']);
		expect(actionProblems('Create Video Task')).toEqual(['not in sentence case: Create Video Task']);
	});
});

describe('Tomoviee Image to Video: operation names', () => {
	it('say what they act on, since there is no resource selector above them (values unchanged)', () => {
		const options = operationOptions(imageToVideo.description.properties);
		expect(options.map((option) => [option.value, option.name])).toEqual([
			['create', 'Create Video'],
			['createAndWait', 'Create Video and Wait'],
			['getStatus', 'Get Video Status'],
		]);
		for (const option of options) expect(ARTICLE.test(option.name)).toBe(false);
	});
});

describe('plain words', () => {
	const sources: Array<[string, string[]]> = [
		['Tomoviee', userTexts(tomoviee.description)],
		['Tomoviee Image to Video', userTexts(imageToVideo.description)],
		['Tomoviee API credential', userTexts({ properties: credential.properties })],
	];
	it.each(sources)('%s: no label, tooltip, hint or dropdown text uses jargon', (_name, texts) => {
		const found = texts.flatMap((text) =>
			JARGON.filter((pattern) => pattern.test(text)).map((pattern) => `${pattern}: ${text}`),
		);
		expect(found).toEqual([]);
	});

	it.each(sources)('%s: one sentence has no period, several end with one', (_name, texts) => {
		expect(texts.map(periodProblem).filter((problem) => problem !== undefined)).toEqual([]);
	});

	it('the period rule tells one sentence from several', () => {
		expect(periodProblem('Largest file to download. A bigger file stops it.')).toBeUndefined();
		expect(periodProblem('Sent when set, e.g. a URL')).toBeUndefined();
		expect(periodProblem('Sent when set.')).toMatch(/^one sentence/);
		expect(periodProblem('Sent when set. Works everywhere')).toMatch(/^several sentences/);
	});

	it("a boolean's tooltip starts with 'Whether' (both nodes)", () => {
		const booleans = allFields([...tomoviee.description.properties, ...imageToVideo.description.properties]).filter(
			(field) => field.type === 'boolean',
		);
		expect(booleans.length).toBeGreaterThan(0);
		for (const field of booleans) expect(field.description).toMatch(/^Whether /);
	});

	it('the jargon list catches the words it replaced', () => {
		for (const old of [
			'Params',
			'Init Image URL',
			'every *_path key of the result is read',
			'The name of the output binary field to put the video file in',
			'Output the signed video URL',
			'Public http(s) URL of the image',
			"this execution's resume URL ($execution.resumeUrl)",
			'Tomoviee reads about 77 tokens',
			"Host open-api.wondershare.cc, used by Tomoviee's own curl samples",
			'Documented Alias',
			'An API proxy, or a local fake API for tests',
			'The capability ID from the Tomoviee API page: the last part of its create path',
		]) {
			expect(JARGON.some((pattern) => pattern.test(old))).toBe(true);
		}
	});
});

describe('field names in messages', () => {
	const tomovieeNames = displayNames(tomoviee.description.properties);
	const videoNames = displayNames(imageToVideo.description.properties);

	/** A value each kind of field refuses. */
	function badValue(field: CapabilityField): unknown {
		switch (field.rule.type) {
			case 'text':
				return 42;
			case 'url':
				return 'not a url';
			case 'choice':
				return 'nonsense';
			case 'integer':
			case 'number':
				return 1e9;
			case 'boolean':
				return 'yes';
			case 'cameraMove':
				return 99;
			default:
				return undefined;
		}
	}

	const fields = CAPABILITY_LIST.flatMap((capability) =>
		capability.fields
			.filter((field) => field.parameter !== undefined)
			.map((field) => [`${capability.name} ${field.label}`, field] as const),
	);

	it.each(fields)("%s: a bad value's message quotes the field's display name", (_name, field) => {
		expect(tomovieeNames.has(field.label)).toBe(true);
		const error = invalid(() => validateField(field, badValue(field)));
		expect(error.field).toBe(field.label);
		expect(error.message).toContain(`'${field.label}'`);
		if (field.required && field.default === undefined) {
			expect(invalid(() => validateField(field, '')).message).toMatch(new RegExp(`^'${escape(field.label)}' is empty`));
		}
	});

	it("Custom Capability's messages quote 'Capability ID', 'Body (JSON)' and the options they clash with", () => {
		const cases: Array<[Parameters<typeof buildCustomCapabilityRequest>[0], string]> = [
			[{ capabilityId: '', body: '{}', options: {} }, "'Capability ID' is empty"],
			[{ capabilityId: 'a/b', body: '{}', options: {} }, "'Capability ID' value"],
			[{ capabilityId: 'tm_x', body: '', options: {} }, "'Body (JSON)' is empty"],
			[{ capabilityId: 'tm_x', body: '{', options: {} }, "'Body (JSON)' is not valid JSON"],
			[{ capabilityId: 'tm_x', body: '[1]', options: {} }, "'Body (JSON)' must be a JSON object"],
			[{ capabilityId: 'tm_x', body: { params: 'a' }, options: { params: 'b' } }, "as the 'Custom Data' option"],
			[{ capabilityId: 'tm_x', body: '{}', options: { params: { a: 1 } } }, "'Custom Data' must be text"],
			[{ capabilityId: 'tm_x', body: '{}', options: { callbackUrl: 'ftp://x' } }, "'Callback URL' must start"],
		];
		for (const [raw, quoted] of cases) {
			const error = invalid(() => buildCustomCapabilityRequest(raw));
			expect(error.message).toContain(quoted);
			expect(tomovieeNames.has(error.field)).toBe(true);
		}
	});

	it("Tomoviee Image to Video's messages quote its display names", () => {
		const good = { prompt: 'p', imageUrl: 'https://example.com/a.jpg', resolution: '720p', aspectRatio: '1:1' };
		const cases: Array<[Record<string, unknown>, Record<string, unknown>, string]> = [
			[{ prompt: '' }, {}, 'Prompt'],
			[{ imageUrl: '' }, {}, 'Image URL'],
			[{ imageUrl: 'https://example.com/a.gif' }, {}, 'Image URL'],
			[{ resolution: '4k' }, {}, 'Resolution'],
			[{ aspectRatio: '2:1' }, {}, 'Aspect Ratio'],
			[{ cameraMove: 99 }, {}, 'Camera Move'],
			[{}, { callbackUrl: 'nope' }, 'Callback URL'],
			[{}, { params: 7 }, 'Custom Data'],
		];
		for (const [bad, options, label] of cases) {
			const values = { cameraMove: 0, ...good, ...bad };
			const error = invalid(() => buildCapabilityRequest(CAPABILITIES.imageToVideo, { values, options }));
			expect([error.field, error.message.includes(`'${label}'`)]).toEqual([label, true]);
			expect(videoNames.has(label)).toBe(true);
		}
		expect(invalid(() => validateTaskId('')).message).toMatch(/^'Task ID' is empty/);
		expect(videoNames.has('Task ID')).toBe(true);
	});

	/**
	 * Every multi-word display name that a string in nodes/ or credentials/ mentions stands in single quotes. Comments
	 * are left out; quoted names are blanked longest first, so 'Reference Image URL' does not leave a bare "Image URL".
	 */
	it('no string in the source names a field of several words without single quotes', () => {
		const names = [...new Set([...tomovieeNames, ...videoNames, ...credential.properties.map((p) => p.displayName)])]
			.filter((name) => /[ (]/.test(name) && name.length < 40)
			.sort((a, b) => b.length - a.length);
		const files = listTs(path.join(ROOT, 'nodes')).concat(listTs(path.join(ROOT, 'credentials')));
		const bare: string[] = [];
		for (const file of files) {
			const lines = fs.readFileSync(file, 'utf8').split('\n');
			lines.forEach((line, index) => {
				if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
				let code = line.replace(/(^|\s)\/\/.*$/, '');
				for (const name of names) code = code.split(`'${name}'`).join("''").split(`\\'${name}\\'`).join("''");
				for (const name of names) {
					if (code.includes(name)) bare.push(`${path.relative(ROOT, file)}:${index + 1} ${name}`);
				}
			});
		}
		expect(bare).toEqual([]);
	});
});

function listTs(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) return listTs(full);
		return entry.name.endsWith('.ts') ? [full] : [];
	});
}

function escape(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

describe('canvas subtitles', () => {
	/** The subtitle as n8n's expression engine evaluates it for a node with these parameters (as the editor does). */
	function subtitleOf(type: INodeType, typeName: string, parameters: Record<string, string>): unknown {
		const nodeTypes = {
			getByName: () => type,
			getByNameAndVersion: () => type,
			getKnownTypes: () => ({}),
		} as unknown as INodeTypes;
		const node: INode = { id: '1', name: 'Node', type: typeName, typeVersion: 1, position: [0, 0], parameters };
		const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
		return new WorkflowExpression(workflow).getSimpleParameterValue(
			node,
			type.description.subtitle as string,
			'internal',
			{},
		);
	}

	it('Tomoviee: "Resource: Operation" in the words of the form, for every resource and operation', () => {
		const resources = optionsOf(tomoviee.description.properties.find((p) => p.name === 'resource') as INodeProperties);
		let checked = 0;
		for (const selector of tomoviee.description.properties.filter((p) => p.name === 'operation')) {
			const [resource] = selector.displayOptions?.show?.resource as string[];
			const resourceName = resources.find((option) => option.value === resource)?.name;
			for (const operation of optionsOf(selector)) {
				const subtitle = subtitleOf(tomoviee, 'n8n-nodes-tomoviee.tomoviee', {
					resource,
					operation: String(operation.value),
				});
				expect(subtitle).toBe(`${resourceName}: ${operation.name}`);
				expect(subtitle).toMatch(/^[A-Z][A-Za-z ]+: [A-Z][A-Za-z ]+$/);
				checked += 1;
			}
		}
		expect(checked).toBe(9);
		expect(subtitleOf(tomoviee, 'n8n-nodes-tomoviee.tomoviee', { resource: 'audio', operation: 'textToMusic' })).toBe(
			'Audio: Text to Music',
		);
	});

	it('Tomoviee Image to Video: the operation in words', () => {
		for (const operation of operationOptions(imageToVideo.description.properties)) {
			const subtitle = subtitleOf(imageToVideo, 'n8n-nodes-tomoviee.tomovieeImageToVideo', {
				operation: String(operation.value),
			});
			expect(subtitle).toBe(operation.name);
		}
	});
});

describe('icons', () => {
	const iconOf = (icon: unknown) => icon as { light: string; dark: string };

	it('Tomoviee has its own light and dark icon; Image to Video keeps the camera; the credential uses the Tomoviee mark', () => {
		expect(iconOf(imageToVideo.description.icon)).toEqual({
			light: 'file:tomoviee.svg',
			dark: 'file:tomoviee.dark.svg',
		});
		expect(iconOf(tomoviee.description.icon)).toEqual({
			light: 'file:tomovieeNode.svg',
			dark: 'file:tomovieeNode.dark.svg',
		});
		expect(iconOf(credential.icon)).toEqual({
			light: 'file:../nodes/Tomoviee/tomovieeNode.svg',
			dark: 'file:../nodes/Tomoviee/tomovieeNode.dark.svg',
		});
		const read = (name: string) => fs.readFileSync(path.join(ROOT, 'nodes/Tomoviee', name), 'utf8');
		for (const file of ['tomovieeNode.svg', 'tomovieeNode.dark.svg']) {
			expect(read(file)).toMatch(/^<svg [^>]*viewBox="0 0 60 60"/);
		}
		expect(read('tomovieeNode.svg')).not.toBe(read('tomoviee.svg'));
		expect(read('tomovieeNode.dark.svg')).not.toBe(read('tomoviee.dark.svg'));
	});
});

describe('documentation links', () => {
	const README = 'https://github.com/n8n-nodes-tomoviee/n8n-nodes-tomoviee';
	const codex = (file: string) =>
		JSON.parse(fs.readFileSync(path.join(ROOT, 'nodes/Tomoviee', file), 'utf8')) as {
			resources: Record<string, Array<{ url: string }>>;
		};

	it.each([
		['Tomoviee.node.json', `${README}#tomoviee-node`],
		['TomovieeImageToVideo.node.json', `${README}#tomoviee-image-to-video-node`],
	])('%s links its own README section and the credential section', (file, primary) => {
		expect(codex(file).resources.primaryDocumentation).toEqual([{ url: primary }]);
		expect(codex(file).resources.credentialDocumentation).toEqual([{ url: `${README}#credential` }]);
	});

	it('the credential links its README section', () => {
		expect(credential.documentationUrl).toBe(`${README}#credential`);
	});
});
