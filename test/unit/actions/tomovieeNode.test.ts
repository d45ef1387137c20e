/** The Tomoviee node's description: resources and operations, and a form that matches the capability table. */
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { resources } from '../../../nodes/Tomoviee/actions/router';
import { Tomoviee } from '../../../nodes/Tomoviee/Tomoviee.node';
import { TomovieeImageToVideo } from '../../../nodes/Tomoviee/TomovieeImageToVideo.node';
import { CREDENTIAL_TEST_NAME, testTomovieeCredential } from '../../../nodes/Tomoviee/transport/credentialTest';
import { CAPABILITIES, type Capability, type CapabilityName } from '../../../nodes/Tomoviee/domain/capabilities';

const description = new Tomoviee().description;

const OPERATION_OF: Record<CapabilityName, [string, string]> = {
	textToVideo: ['video', 'textToVideo'],
	imageToVideo: ['video', 'imageToVideo'],
	firstLastFrameToVideo: ['video', 'firstLastFrameToVideo'],
	textToMusic: ['audio', 'textToMusic'],
	textToSoundEffect: ['audio', 'textToSoundEffect'],
	referenceToImage: ['image', 'referenceToImage'],
	redraw: ['image', 'redraw'],
};

function shownFor(property: INodeProperties, resource: string, operation: string): boolean {
	const show = property.displayOptions?.show ?? {};
	return (
		(show.resource as string[] | undefined)?.includes(resource) === true &&
		(show.operation as string[] | undefined)?.includes(operation) === true
	);
}

/** The properties of one operation (its own, not the resource and operation selectors). */
function operationProperties(resource: string, operation: string): INodeProperties[] {
	return description.properties.filter((property) => shownFor(property, resource, operation));
}

function find(properties: INodeProperties[], name: string): INodeProperties {
	const found = properties.find((property) => property.name === name);
	if (!found) throw new Error(`no property ${name} in ${properties.map((property) => property.name).join(', ')}`);
	return found;
}

function operationOptions(resource: string): INodePropertyOptions[] {
	const selector = description.properties.find(
		(property) =>
			property.name === 'operation' && (property.displayOptions?.show?.resource as string[])?.includes(resource),
	);
	return (selector?.options ?? []) as INodePropertyOptions[];
}

describe('Tomoviee node description', () => {
	it('is a new node beside Tomoviee Image to Video, usable as a tool, on the same credential', () => {
		expect(description.name).toBe('tomoviee');
		expect(description.displayName).toBe('Tomoviee');
		expect(description.usableAsTool).toBe(true);
		expect(description.credentials).toEqual([{ name: 'tomovieeApi', required: true, testedBy: CREDENTIAL_TEST_NAME }]);
		expect(new Tomoviee().methods.credentialTest[CREDENTIAL_TEST_NAME]).toBe(testTomovieeCredential);
		expect(description.webhooks).toEqual(new TomovieeImageToVideo().description.webhooks);
		expect(new TomovieeImageToVideo().description.name).toBe('tomovieeImageToVideo');
	});

	// Each action's wording (sentence case, no article, an object named) and the plain words of every description are
	// checked for both nodes in uxGuidelines.test.ts.
	it('offers the five resources and their operations, each run by the router', () => {
		const resourceProperty = find(description.properties, 'resource');
		expect(((resourceProperty.options ?? []) as INodePropertyOptions[]).map((option) => option.value)).toEqual([
			'audio',
			'custom',
			'image',
			'task',
			'video',
		]);
		const expected: Record<string, string[]> = {
			video: ['firstLastFrameToVideo', 'imageToVideo', 'textToVideo'],
			audio: ['textToMusic', 'textToSoundEffect'],
			image: ['redraw', 'referenceToImage'],
			task: ['getStatus'],
			custom: ['run'],
		};
		for (const [resource, operations] of Object.entries(expected)) {
			const options = operationOptions(resource);
			expect(options.map((option) => option.value)).toEqual(operations);
			// Every listed operation has an execute behind it in the router.
			expect(Object.keys(resources[resource].operations).sort()).toEqual([...operations].sort());
		}
	});

	describe.each(Object.entries(OPERATION_OF))('%s form', (name, [resource, operation]) => {
		const capability: Capability = CAPABILITIES[name as CapabilityName];
		const properties = operationProperties(resource, operation);
		const options = (find(properties, 'options').options ?? []) as INodeProperties[];

		it("has a field for every table field, with the table's default, choices and limits", () => {
			for (const field of capability.fields) {
				if (field.parameter === undefined) continue;
				const property = field.inOptions ? find(options, field.parameter) : find(properties, field.parameter);
				expect(property.displayName).toBe(field.label);
				if (field.required && !field.inOptions) expect(property.required).toBe(true);
				if (field.default !== undefined) expect(property.default).toEqual(field.default);
				if (field.rule.type === 'choice') {
					expect(((property.options ?? []) as INodePropertyOptions[]).map((option) => option.value)).toEqual(
						field.rule.values,
					);
				}
				if (field.rule.type === 'integer' || field.rule.type === 'number') {
					expect(property.typeOptions).toMatchObject({ minValue: field.rule.min, maxValue: field.rule.max });
				}
			}
		});

		it('offers Mode (Create and Wait by default), Wait Mode, Return As and the Capability ID option', () => {
			expect(find(properties, 'mode')).toMatchObject({ default: 'createAndWait', noDataExpression: true });
			expect(
				((find(properties, 'mode').options ?? []) as INodePropertyOptions[]).map((option) => option.value),
			).toEqual(['createAndWait', 'create']);
			expect(find(properties, 'waitMode').displayOptions?.show?.mode).toEqual(['createAndWait']);
			expect(find(properties, 'returnAs').displayOptions?.show?.mode).toEqual(['createAndWait']);
			expect(find(options, 'capabilityId').description).toContain(capability.id);
			expect(options.map((option) => option.displayName)).toEqual(
				[...options.map((option) => option.displayName)].sort((a, b) => a.localeCompare(b)),
			);
			for (const waitOnly of ['maxParallelTasks', 'maxWaitMinutes', 'pollIntervalSeconds']) {
				expect(find(options, waitOnly).displayOptions?.show?.['/mode']).toEqual(['createAndWait']);
			}
		});
	});

	it('names text to video by both of its documented ids', () => {
		const options = (find(operationProperties('video', 'textToVideo'), 'options').options ?? []) as INodeProperties[];
		expect(find(options, 'capabilityId').description).toContain('tob_text2video_b');
	});

	it('offers Additional Body Fields (JSON) in the Options of every operation that creates a task', () => {
		const creating = [...Object.values(OPERATION_OF), ['custom', 'run'] as [string, string]];
		for (const [resource, operation] of creating) {
			const options = (find(operationProperties(resource, operation), 'options').options ?? []) as INodeProperties[];
			expect(find(options, 'additionalBodyFields')).toMatchObject({
				displayName: 'Additional Body Fields (JSON)',
				type: 'json',
				default: '{}',
			});
		}
		expect(operationProperties('task', 'getStatus').map((property) => property.name)).not.toContain('options');
	});

	it('resolves Simplify Output off for a version 1 node and on by default from 1.1, in every operation', () => {
		expect(description.version).toEqual([1, 1.1]);
		expect(description.defaultVersion).toBe(1.1);
		const resolve = (parameters: INodeParameters, typeVersion: number) => {
			const node = { name: 'T', type: 'tomoviee', typeVersion, position: [0, 0], parameters } as INode;
			return NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description);
		};
		const all = [...Object.values(OPERATION_OF), ['task', 'getStatus'], ['custom', 'run']];
		for (const [resource, operation] of all) {
			expect(resolve({ resource, operation }, 1)).toHaveProperty('simplify', false);
			expect(resolve({ resource, operation }, 1.1)).toHaveProperty('simplify', true);
			expect(resolve({ resource, operation, simplify: false }, 1.1)).toHaveProperty('simplify', false);
		}
	});

	it('asks Get Status for a task id and Custom Capability for an id and a JSON body', () => {
		expect(find(operationProperties('task', 'getStatus'), 'taskId').required).toBe(true);
		const custom = operationProperties('custom', 'run');
		expect(find(custom, 'capabilityId').required).toBe(true);
		expect(find(custom, 'body').type).toBe('json');
	});
});
