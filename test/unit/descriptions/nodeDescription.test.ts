import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { TomovieeApi } from '../../../credentials/TomovieeApi.credentials';
import { TomovieeImageToVideo } from '../../../nodes/Tomoviee/TomovieeImageToVideo.node';
import { CAMERA_MOVES } from '../../../nodes/Tomoviee/domain/vocabulary';

const description = new TomovieeImageToVideo().description;

function property(name: string): INodeProperties {
	const found = description.properties.find((candidate) => candidate.name === name);
	if (!found) throw new Error(`no property ${name}`);
	return found;
}

function optionsOf(name: string): INodePropertyOptions[] {
	return (property(name).options ?? []) as INodePropertyOptions[];
}

describe('node description', () => {
	it('has the fixed type name, a tool flag, a subtitle and the credential', () => {
		expect(description.name).toBe('tomovieeImageToVideo');
		expect(description.displayName).toBe('Tomoviee Image to Video');
		expect(description.usableAsTool).toBe(true);
		expect(description.subtitle).toContain('$parameter["operation"]');
		expect(description.credentials).toEqual([{ name: 'tomovieeApi', required: true }]);
		expect(description.icon).toEqual({ light: 'file:tomoviee.svg', dark: 'file:tomoviee.dark.svg' });
	});

	it('offers the three operations, each with an action', () => {
		const operations = optionsOf('operation');
		expect(operations.map((option) => option.value).sort()).toEqual(['create', 'createAndWait', 'getStatus']);
		for (const option of operations) expect(option).toHaveProperty('action');
		expect(property('operation').noDataExpression).toBe(true);
	});

	it('requires prompt (several rows) and image URL for the submitting operations only', () => {
		for (const name of ['prompt', 'imageUrl']) {
			expect(property(name).required).toBe(true);
			expect(property(name).displayOptions?.show?.operation).toEqual(['create', 'createAndWait']);
		}
		expect(property('prompt').typeOptions?.rows).toBeGreaterThan(1);
	});

	it('offers exactly the two resolutions, 720p by default', () => {
		expect(optionsOf('resolution').map((option) => option.value)).toEqual(['720p', '1080p']);
		expect(property('resolution').default).toBe('720p');
	});

	it('offers exactly the six aspect ratios', () => {
		expect(optionsOf('aspectRatio').map((option) => option.value)).toEqual(['16:9', '9:16', '4:3', '3:4', '1:1', 'original']);
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
		expect(property('taskId').required).toBe(true);
		expect(property('taskId').displayOptions?.show?.operation).toEqual(['getStatus']);
	});

	it('keeps callback URL, params, poll interval and max wait (10 min default) in the options collection', () => {
		const options = (property('options').options ?? []) as INodeProperties[];
		const names = options.map((option) => option.name);
		expect(names).toEqual(expect.arrayContaining(['callbackUrl', 'params', 'pollIntervalSeconds', 'maxWaitMinutes']));
		const maxWait = options.find((option) => option.name === 'maxWaitMinutes');
		expect(maxWait?.default).toBe(10);
		expect(maxWait?.displayOptions?.show?.['/operation']).toEqual(['createAndWait']);
		const poll = options.find((option) => option.name === 'pollIntervalSeconds');
		expect(poll?.typeOptions?.minValue).toBe(1);
		expect(poll?.displayOptions?.show?.['/operation']).toEqual(['createAndWait']);
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
		expect(credential.properties.map((candidate) => candidate.name)).toEqual(['appKey', 'appSecret', 'gateway', 'baseUrl']);
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

	it('tests with a task query against the chosen gateway and names code 140013', () => {
		const { request, rules } = credential.test;
		expect(request).toMatchObject({ url: '/v1/open/pub/task', method: 'POST' });
		expect(request.body).toHaveProperty('task_id');
		expect(request.baseURL).toContain('$credentials.gateway');
		expect(request.baseURL).toContain('$credentials.baseUrl');
		expect(rules).toEqual([
			expect.objectContaining({
				type: 'responseSuccessBody',
				properties: expect.objectContaining({ key: 'code', value: 140013, message: expect.stringMatching(/140013/) }),
			}),
		]);
	});
});
