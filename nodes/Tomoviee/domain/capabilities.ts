/**
 * The one table of Tomoviee capabilities the Tomoviee node offers: per capability its id, create path, fields (API
 * key, node parameter, allowed values, default, limits), result keys and output kind. Validation and request bodies
 * (capabilityInput.ts), result reading (capabilityResult.ts) and the node's operations are all driven by it: adding a
 * capability is adding an entry here and its field descriptions.
 *
 * Sources of every fact, which are certain and which are one reading among several: docs/field-sources.md (from
 * Wondershare's published clients, references and official pages). Where the sources disagree, the table follows
 * what Wondershare's own client sends; the result keys accept every reading (e.g. `images_path` and `image_path`), and
 * the Additional Body Fields option sends another reading of the body.
 */
import { ASPECT_RATIOS, IMAGE_EXTENSIONS, RESOLUTIONS, VIDEO_DURATION_SECONDS } from './vocabulary';

/** What a capability makes; it names the URL fields of the output (videoUrl, audioUrls...) and the file type. */
export type OutputKind = 'video' | 'audio' | 'image' | 'mask';

export type FieldRule =
	| { type: 'text' }
	/** A public http(s) URL of an image; a path extension outside `extensions` is refused (none is fine: signed URLs). */
	| { type: 'url'; extensions?: readonly string[] }
	| { type: 'choice'; values: readonly string[] }
	| { type: 'integer'; min: number; max: number }
	| { type: 'number'; min: number; max: number }
	| { type: 'boolean' }
	/** 0 = automatic (nothing sent), 1-46 = Tomoviee's camera_move_index. */
	| { type: 'cameraMove' }
	/** Not a node field: the API accepts this value only, and Wondershare's client always sends it. */
	| { type: 'fixed'; value: string | number };

export interface CapabilityField {
	/** Key in the create body. */
	key: string;
	/** Node parameter the value comes from (inside the Options collection when `inOptions`); none for fixed values. */
	parameter?: string;
	inOptions?: boolean;
	/** The field's name in the node, used in every error message about it. */
	label: string;
	rule: FieldRule;
	/** Empty is refused. */
	required?: boolean;
	/** Sent when the user gives no value: Wondershare's client always sends these. */
	default?: string | number | boolean;
	/** What to write, e.g. "describe the subject and its motion", when a required field is empty. */
	emptyHint?: string;
}

export type CapabilityName =
	| 'textToVideo'
	| 'imageToVideo'
	| 'firstLastFrameToVideo'
	| 'textToMusic'
	| 'textToSoundEffect'
	| 'referenceToImage'
	| 'redraw';

export interface Capability {
	name: CapabilityName;
	/** The capability id Wondershare's client uses (the create path's last segment). */
	id: string;
	/** Other spellings of the id that Tomoviee's pages use; the Capability ID option can send one of them. */
	alternateIds: readonly string[];
	outputKind: OutputKind;
	/** Keys of the parsed `result` that carry the output URLs, in the order they are read. */
	resultKeys: readonly string[];
	/** In the order the body lists them (Wondershare's client's order). */
	fields: readonly CapabilityField[];
	/** Fills body fields that depend on others, as Wondershare's client does. */
	complete?: (body: Record<string, unknown>) => void;
	/** What to check when a task of this capability fails, e.g. "the prompt and the image". */
	inputsToCheck: string;
}

export const CREATE_PATH_PREFIX = '/v1/open/capacity/application/';

/** A capability id may only be a path segment: letters, digits, `_`, `-`, `.`. */
export const CAPABILITY_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function createPathFor(capabilityId: string): string {
	return `${CREATE_PATH_PREFIX}${capabilityId}`;
}

const IMAGE_URL: FieldRule = { type: 'url', extensions: IMAGE_EXTENSIONS };

const prompt = (emptyHint: string): CapabilityField => ({
	key: 'prompt',
	parameter: 'prompt',
	label: 'Prompt',
	rule: { type: 'text' },
	required: true,
	emptyHint,
});

const imageField = (key: string, parameter: string, label: string): CapabilityField => ({
	key,
	parameter,
	label,
	rule: IMAGE_URL,
	required: true,
	emptyHint: 'give a public http(s) URL of a JPG, PNG or WEBP image',
});

const resolution: CapabilityField = {
	key: 'resolution',
	parameter: 'resolution',
	label: 'Resolution',
	rule: { type: 'choice', values: RESOLUTIONS },
	default: '720p',
};

const aspectRatio = (values: readonly string[], defaultValue: string): CapabilityField => ({
	key: 'aspect_ratio',
	parameter: 'aspectRatio',
	label: 'Aspect Ratio',
	rule: { type: 'choice', values },
	default: defaultValue,
});

/** The video capabilities make 5-second videos only. */
const fixedDuration: CapabilityField = {
	key: 'duration',
	label: 'Duration',
	rule: { type: 'fixed', value: VIDEO_DURATION_SECONDS },
};

const cameraMove: CapabilityField = {
	key: 'camera_move_index',
	parameter: 'cameraMove',
	label: 'Camera Move',
	rule: { type: 'cameraMove' },
};

/** Text to video has no source image, so no "original" ratio. */
export const TEXT_TO_VIDEO_ASPECT_RATIOS = ASPECT_RATIOS.filter((ratio) => ratio !== 'original');

/** `control_type` of reference to image (meanings from Tomoviee's image recognition page). */
export const CONTROL_TYPES: ReadonlyArray<{ value: string; name: string }> = [
	{ value: '0', name: 'Edge' },
	{ value: '1', name: 'Pose' },
	{ value: '2', name: 'Subject' },
	{ value: '3', name: 'Depth' },
];
export const SUBJECT_CONTROL_TYPE = '2';

/** The skill reads images_path, Wondershare's image reference image_path: both are read. */
const IMAGE_RESULT_KEYS = ['images_path', 'image_path'];

const motionHint = 'describe the subject and its motion, e.g. "a cat turns its head, leaves drift behind it"';

export const CAPABILITIES: Readonly<Record<CapabilityName, Capability>> = {
	textToVideo: {
		name: 'textToVideo',
		inputsToCheck: 'the prompt',
		id: 'tm_text2video_b',
		// Tomoviee's response-sample page creates text-to-video as tob_text2video_b.
		alternateIds: ['tob_text2video_b'],
		outputKind: 'video',
		resultKeys: ['video_path'],
		fields: [
			prompt('describe subject, action and scene, e.g. "a red fox runs through fresh snow at dawn, slow motion"'),
			resolution,
			fixedDuration,
			aspectRatio(TEXT_TO_VIDEO_ASPECT_RATIOS, '16:9'),
			cameraMove,
		],
	},
	imageToVideo: {
		name: 'imageToVideo',
		inputsToCheck: 'the prompt and the image',
		id: 'tm_img2video_b',
		alternateIds: [],
		outputKind: 'video',
		resultKeys: ['video_path'],
		fields: [
			prompt(motionHint),
			imageField('image', 'imageUrl', 'Image URL'),
			resolution,
			fixedDuration,
			aspectRatio(ASPECT_RATIOS, 'original'),
			cameraMove,
		],
	},
	firstLastFrameToVideo: {
		name: 'firstLastFrameToVideo',
		inputsToCheck: 'the prompt and the two frames',
		id: 'tm_tail2video_b',
		alternateIds: [],
		outputKind: 'video',
		resultKeys: ['video_path'],
		fields: [
			prompt('describe how the scene moves from the first frame to the last, e.g. "the flower slowly opens"'),
			imageField('image', 'firstFrameUrl', 'First Frame URL'),
			imageField('image_tail', 'lastFrameUrl', 'Last Frame URL'),
			resolution,
			fixedDuration,
			aspectRatio(ASPECT_RATIOS, '16:9'),
			cameraMove,
		],
	},
	textToMusic: {
		name: 'textToMusic',
		inputsToCheck: 'the prompt and the duration',
		id: 'tm_text2music',
		alternateIds: [],
		outputKind: 'audio',
		resultKeys: ['audio_path'],
		fields: [
			prompt('describe genre, mood and instruments, e.g. "calm lo-fi piano with soft rain"'),
			// Official page: above 0 and below 95; Wondershare's client: 0 to 95 inclusive (it sends 95). 0 s is no music.
			{
				key: 'duration',
				parameter: 'durationSeconds',
				label: 'Duration (Seconds)',
				rule: { type: 'integer', min: 1, max: 95 },
				required: true,
				default: 30,
			},
			{
				key: 'qty',
				parameter: 'trackCount',
				label: 'Number of Tracks',
				rule: { type: 'integer', min: 1, max: 4 },
				required: true,
				default: 1,
			},
			// In the skill files only; the client sends it only when set.
			{
				key: 'disable_translate',
				parameter: 'disableTranslation',
				inOptions: true,
				label: 'Disable Prompt Translation',
				rule: { type: 'boolean' },
			},
		],
	},
	textToSoundEffect: {
		name: 'textToSoundEffect',
		inputsToCheck: 'the prompt and the duration',
		id: 'tm_text2sfx',
		alternateIds: [],
		outputKind: 'audio',
		resultKeys: ['audio_path'],
		fields: [
			prompt('describe one sound source, its context and character, e.g. "heavy wooden door creaks open slowly"'),
			{
				key: 'duration',
				parameter: 'durationSeconds',
				label: 'Duration (Seconds)',
				rule: { type: 'integer', min: 5, max: 180 },
				required: true,
				default: 10,
			},
			// The client sends qty only when given.
			{
				key: 'qty',
				parameter: 'soundCount',
				inOptions: true,
				label: 'Number of Sounds',
				rule: { type: 'integer', min: 1, max: 4 },
			},
		],
	},
	referenceToImage: {
		name: 'referenceToImage',
		inputsToCheck: 'the prompt and the reference image',
		id: 'tm_reference_img2img',
		alternateIds: [],
		outputKind: 'image',
		resultKeys: IMAGE_RESULT_KEYS,
		fields: [
			prompt('describe the reference, what to keep and what to change, e.g. "same cat, now in a watercolor style"'),
			imageField('reference_image', 'referenceImageUrl', 'Reference Image URL'),
			{
				key: 'control_type',
				parameter: 'controlType',
				label: 'Control Type',
				rule: { type: 'choice', values: CONTROL_TYPES.map((type) => type.value) },
				required: true,
				default: SUBJECT_CONTROL_TYPE,
			},
			{
				key: 'width',
				parameter: 'width',
				label: 'Width',
				rule: { type: 'integer', min: 512, max: 2048 },
				required: true,
				default: 1024,
			},
			{
				key: 'height',
				parameter: 'height',
				label: 'Height',
				rule: { type: 'integer', min: 512, max: 2048 },
				required: true,
				default: 1024,
			},
			{
				key: 'batch_size',
				parameter: 'imageCount',
				label: 'Number of Images',
				rule: { type: 'integer', min: 1, max: 4 },
				required: true,
				default: 1,
			},
			{
				key: 'control_intensity',
				parameter: 'controlIntensity',
				label: 'Control Intensity',
				rule: { type: 'number', min: 0, max: 1 },
				required: true,
				default: 0.5,
			},
			{ key: 'init_image', parameter: 'initImageUrl', inOptions: true, label: 'Starting Image URL', rule: IMAGE_URL },
		],
		// Wondershare's client: the subject control type needs init_image, and it defaults to the reference image.
		complete: (body) => {
			if (body.control_type === SUBJECT_CONTROL_TYPE && body.init_image === undefined)
				body.init_image = body.reference_image;
		},
	},
	redraw: {
		name: 'redraw',
		inputsToCheck: 'the prompt, the image and the mask',
		id: 'tm_redrawing',
		alternateIds: [],
		outputKind: 'image',
		resultKeys: IMAGE_RESULT_KEYS,
		fields: [
			prompt('say what to paint where, e.g. "replace the sky with a starry night, matching the lighting"'),
			imageField('init_image', 'imageUrl', 'Image URL'),
			{ key: 'mask_url', parameter: 'maskUrl', label: 'Mask URL', rule: IMAGE_URL },
		],
	},
};

export const CAPABILITY_LIST: readonly Capability[] = Object.values(CAPABILITIES);

/** The table entry whose id (or one of its alternate ids) is this one. */
export function capabilityById(capabilityId: string): Capability | undefined {
	return CAPABILITY_LIST.find(
		(capability) => capability.id === capabilityId || capability.alternateIds.includes(capabilityId),
	);
}

/** A task id starts with the id of the capability that made it (`tm_img2video_b-0-2025...`). */
export function capabilityIdOfTask(taskId: string): string | undefined {
	const match = /^([A-Za-z0-9_.]+)-/.exec(taskId);
	return match?.[1];
}
