/**
 * Field descriptions of the Tomoviee node, built from the capability table so that the form's choices, defaults and
 * limits are the ones validation applies. Each operation file picks the fields of its capability; displayOptions for
 * the resource and operation are added there (updateDisplayOptions).
 */
import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { Capability, CapabilityField, OutputKind } from '../domain/capabilities';
import { AUTO_CAMERA_MOVE, CAMERA_MOVES, VIDEO_DURATION_SECONDS } from '../domain/vocabulary';
import { taskOptionsCollection, type WaitingOptionTexts } from './optionsCollection';
import { returnAsFields } from './returnFields';
import { waitModeFields } from './waitModeFields';

/** The table's entry for a node parameter of the capability (throws on a typo, caught by the unit tests). */
export function tableField(capability: Capability, parameter: string): CapabilityField {
	const field = capability.fields.find((candidate) => candidate.parameter === parameter);
	if (!field) throw new Error(`${capability.name} has no field ${parameter}`);
	return field;
}

function choices(field: CapabilityField): readonly string[] {
	return field.rule.type === 'choice' ? field.rule.values : [];
}

function limits(field: CapabilityField): { minValue?: number; maxValue?: number } {
	return field.rule.type === 'integer' || field.rule.type === 'number'
		? { minValue: field.rule.min, maxValue: field.rule.max }
		: {};
}

export function promptField(
	capability: Capability,
	text: { placeholder: string; description: string },
): INodeProperties {
	tableField(capability, 'prompt');
	return {
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: text.placeholder,
		description: text.description,
	};
}

export function urlField(
	capability: Capability,
	parameter: string,
	text: { placeholder: string; description: string },
): INodeProperties {
	const field = tableField(capability, parameter);
	return {
		displayName: field.label,
		name: parameter,
		type: 'string',
		required: field.required === true,
		default: '',
		placeholder: text.placeholder,
		description: text.description,
	};
}

export function resolutionField(capability: Capability): INodeProperties {
	const values = choices(tableField(capability, 'resolution'));
	return choiceField(
		capability,
		'resolution',
		values.map((value) => ({ name: value, value })),
		'Output resolution of the video',
	);
}

const ASPECT_RATIO_LABELS: Record<string, string> = {
	'16:9': '16:9 (Landscape)',
	'9:16': '9:16 (Portrait, Reels and Shorts)',
	'4:3': '4:3',
	'3:4': '3:4',
	'1:1': '1:1 (Square)',
	original: 'Original (Keep the Image Ratio)',
};

export function aspectRatioField(capability: Capability, description: string): INodeProperties {
	const values = choices(tableField(capability, 'aspectRatio'));
	const options = values.map((value) => ({ name: ASPECT_RATIO_LABELS[value] ?? value, value }));
	return choiceField(capability, 'aspectRatio', options, description);
}

export const cameraMoveOptions: INodePropertyOptions[] = [
	{ name: 'Auto', value: AUTO_CAMERA_MOVE, description: 'Let Tomoviee choose the camera motion' },
	...CAMERA_MOVES.map(({ index, name }) => ({ name: `${name} (${index})`, value: index })),
];

export function cameraMoveField(capability: Capability): INodeProperties {
	tableField(capability, 'cameraMove');
	return {
		displayName: 'Camera Move',
		name: 'cameraMove',
		type: 'options',
		// Many options: a searchable list is easier to use than scrolling.
		typeOptions: { searchable: true },
		options: cameraMoveOptions,
		default: AUTO_CAMERA_MOVE,
		description: "Camera motion to apply; 'Auto' lets Tomoviee choose",
	};
}

export const videoDurationNotice: INodeProperties = {
	displayName: `Tomoviee makes ${VIDEO_DURATION_SECONDS}-second videos: the duration is fixed by the API`,
	name: 'durationNotice',
	type: 'notice',
	default: '',
};

/** What every video generation shows after its prompt and images: the fixed duration, resolution, aspect ratio, camera. */
export function videoSettingsFields(capability: Capability, aspectRatioDescription: string): INodeProperties[] {
	return [
		videoDurationNotice,
		resolutionField(capability),
		aspectRatioField(capability, aspectRatioDescription),
		cameraMoveField(capability),
	];
}

/** A whole or decimal number with the table's limits and default. */
export function numberField(capability: Capability, parameter: string, description: string): INodeProperties {
	const field = tableField(capability, parameter);
	// An optional number (inside Options) shows its lowest value until set.
	const defaultValue = (field.default as number | undefined) ?? limits(field).minValue ?? 0;
	return {
		displayName: field.label,
		name: parameter,
		type: 'number',
		required: field.required === true,
		typeOptions: { ...limits(field), numberPrecision: field.rule.type === 'integer' ? 0 : 2 },
		default: defaultValue,
		description,
	};
}

export function booleanField(capability: Capability, parameter: string, description: string): INodeProperties {
	const field = tableField(capability, parameter);
	// Booleans of the table are sent only when true.
	return { displayName: field.label, name: parameter, type: 'boolean', default: false, description };
}

/** A choice of the table's; `required` only where the table says so. */
export function choiceField(
	capability: Capability,
	parameter: string,
	options: INodePropertyOptions[],
	description: string,
): INodeProperties {
	const field = tableField(capability, parameter);
	const defaultValue = field.default as string;
	return {
		displayName: field.label,
		name: parameter,
		type: 'options',
		...(field.required === true ? { required: true } : {}),
		options,
		default: defaultValue,
		description,
	};
}

const NOUNS: Record<OutputKind | 'file', { one: string; some: string }> = {
	video: { one: 'video', some: 'video' },
	audio: { one: 'audio file', some: 'audio files' },
	image: { one: 'image', some: 'images' },
	mask: { one: 'mask', some: 'masks' },
	file: { one: 'file', some: 'files' },
};

const waiting = { show: { mode: ['createAndWait'] } };

/** Create, or Create and Wait: every generation operation offers both. */
export function modeField(kind: OutputKind | 'file'): INodeProperties {
	const noun = NOUNS[kind];
	return {
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		noDataExpression: true,
		options: [
			{
				name: 'Create and Wait',
				value: 'createAndWait',
				description: `Submit the task, wait until the ${noun.one} is ready and output its URL or file`,
			},
			{
				name: 'Create',
				value: 'create',
				description: "Submit the task and output its task ID at once; read it later with 'Task' > 'Get Status'",
			},
		],
		default: 'createAndWait',
		description: 'Whether to wait for the result or only start the task',
	};
}

/** Return As and its binary field; `show` limits them (e.g. to Create and Wait). */
export function returnFields(kind: OutputKind | 'file', show?: Record<string, string[]>): INodeProperties[] {
	const noun = NOUNS[kind];
	return returnAsFields(
		{
			url: 'URL',
			urlDescription: `Output the URL of each ${noun.one}; it expires about 48 hours after creation`,
			binaryDescription: `Download the ${noun.some} into the item, for nodes that take a file (S3, Google Drive, YouTube)`,
			description: `Whether to output the ${noun.some} as URLs or as downloaded files`,
			fieldHint:
				'The first file goes into this output field; further files of the task into the same name followed by _1, _2, ...',
			file: noun.one,
		},
		show,
	);
}

/** The Capability ID option: follow the API without waiting for a release. */
export function capabilityIdOption(capability: Capability): INodeProperties {
	const others =
		capability.alternateIds.length > 0 ? ` (Tomoviee's pages also name it ${capability.alternateIds.join(', ')})` : '';
	return {
		displayName: 'Capability ID',
		name: 'capabilityId',
		type: 'string',
		default: '',
		placeholder: `e.g. ${capability.alternateIds[0] ?? capability.id}`,
		description: `Send to another capability ID than ${capability.id}, e.g. when Tomoviee renames it${others}; leave empty for ${capability.id}`,
	};
}

const WAITING_TEXTS: WaitingOptionTexts = {
	maxParallelTasks:
		'How many tasks may run at once for this node. More items wait and are submitted as earlier tasks finish. Lower it if your Tomoviee plan allows fewer tasks at once.',
	maxWaitMinutes:
		"How long to wait for each task, counted from its creation. When it passes, the item fails with its task ID so you can pick the task up later with 'Task' > 'Get Status'.",
	pollIntervalSeconds:
		'The longest gap between two status checks of a task while waiting. The node checks sooner when the result is due, using the progress and wait time Tomoviee reports.',
};

/** Mode, Wait Mode, Return As and Options: the same for every generation of the node. */
export function generationFields(kind: OutputKind | 'file', extraOptions: INodeProperties[]): INodeProperties[] {
	return [
		modeField(kind),
		...waitModeFields(NOUNS[kind].one, 'How to wait for the result', waiting.show),
		...returnFields(kind, waiting.show),
		taskOptionsCollection({ texts: WAITING_TEXTS, show: { '/mode': ['createAndWait'] } }, extraOptions),
	];
}
