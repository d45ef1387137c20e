/**
 * The fake's own table of the Tomoviee capabilities beside image-to-video, written from the digest
 * (/work/shared/tomoviee-capabilities.md) independently of the node's table, so that the node is checked against a
 * second reading. Each entry: how the create body is validated (first bad field -> its 68xxxx code) and which result
 * keys a finished task carries, with how many files.
 */
import { FakeErrorCode, type FakeErrorCodeValue } from './errorCodes';
import type { FakeTomovieeSwitches } from './options';
import {
	ASPECT_RATIOS,
	ASPECT_RATIOS_WITH_ORIGINAL,
	isImageUrl,
	isPlainObject,
	parseHttpUrl,
	RESOLUTIONS,
} from './validation';

export type FakeFileKind = 'video' | 'audio' | 'image' | 'mask';

/** Files of one kind a finished task lists, under one key (or the same files under several keys). */
export interface FakeOutput {
	keys: string[];
	kind: FakeFileKind;
	count: number;
}

export interface FakeCapability {
	/** Ids this entry answers to (the create path's last segment). */
	ids: readonly string[];
	/** First bad field's code, or undefined when the body is valid. */
	validate(body: Record<string, unknown>): FakeErrorCodeValue | undefined;
	/** What a finished task lists: usually one kind under one key. */
	outputs(body: Record<string, unknown>, switches: FakeTomovieeSwitches): FakeOutput[];
}

export const FILE_TYPES: Readonly<Record<FakeFileKind, { extension: string; contentType: string }>> = {
	video: { extension: 'mp4', contentType: 'video/mp4' },
	audio: { extension: 'mp3', contentType: 'audio/mpeg' },
	image: { extension: 'png', contentType: 'image/png' },
	mask: { extension: 'png', contentType: 'image/png' },
};

type Check = (body: Record<string, unknown>) => boolean;

interface Rule {
	key: string;
	code: FakeErrorCodeValue;
	/** Absent is an error (else only a present value is checked: optional fields are sent only when set). */
	required?: boolean;
	isValid: (value: unknown, body: Record<string, unknown>) => boolean;
	/** Required only when this holds. */
	requiredWhen?: Check;
}

const isMp4Url = (value: unknown) => /\.mp4$/i.test(parseHttpUrl(value)?.pathname ?? '');
const isText = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const isIntegerIn = (min: number, max: number) => (value: unknown) =>
	typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max;
const isOneOf = (values: readonly unknown[]) => (value: unknown) => values.includes(value);

const prompt: Rule = { key: 'prompt', code: FakeErrorCode.PromptInvalid, required: true, isValid: isText };
const callbackAndParams: Rule[] = [
	{ key: 'callback', code: FakeErrorCode.CallbackInvalid, isValid: (value) => parseHttpUrl(value) !== undefined },
	{ key: 'params', code: FakeErrorCode.ParamsInvalid, isValid: (value) => typeof value === 'string' },
];
const videoOptions = (ratios: readonly string[]): Rule[] => [
	{ key: 'resolution', code: FakeErrorCode.ResolutionInvalid, isValid: isOneOf(RESOLUTIONS) },
	{ key: 'duration', code: FakeErrorCode.DurationInvalid, isValid: (value) => value === 5 },
	{ key: 'aspect_ratio', code: FakeErrorCode.AspectRatioInvalid, isValid: isOneOf(ratios) },
	{ key: 'camera_move_index', code: FakeErrorCode.CameraMoveInvalid, isValid: isIntegerIn(1, 46) },
];

function validator(rules: readonly Rule[]): FakeCapability['validate'] {
	return (body) => {
		for (const rule of [...rules, ...callbackAndParams]) {
			const present = rule.key in body;
			const required = rule.required || (rule.requiredWhen?.(body) ?? false);
			if (!present && required) return rule.code;
			if (present && !rule.isValid(body[rule.key], body)) return rule.code;
		}
		return undefined;
	};
}

const one =
	(key: string, kind: FakeFileKind): FakeCapability['outputs'] =>
	() => [{ keys: [key], kind, count: 1 }];
const counted =
	(key: string, kind: FakeFileKind, countKey: string): FakeCapability['outputs'] =>
	(body) => [{ keys: [key], kind, count: typeof body[countKey] === 'number' ? (body[countKey] as number) : 1 }];
const images: FakeCapability['outputs'] = (body, switches) => [
	{
		keys: switches.imageResultKey === 'both' ? ['images_path', 'image_path'] : [switches.imageResultKey],
		kind: 'image',
		count: typeof body.batch_size === 'number' ? body.batch_size : 1,
	},
];

export const FAKE_CAPABILITIES: readonly FakeCapability[] = [
	{
		// The official response sample names it tob_text2video_b; the client tm_text2video_b: both are served.
		ids: ['tm_text2video_b', 'tob_text2video_b'],
		validate: validator([prompt, ...videoOptions(ASPECT_RATIOS)]),
		outputs: one('video_path', 'video'),
	},
	{
		ids: ['tm_tail2video_b'],
		validate: validator([
			prompt,
			{ key: 'image', code: FakeErrorCode.ImageInvalid, required: true, isValid: isImageUrl },
			{ key: 'image_tail', code: FakeErrorCode.ImageTailInvalid, required: true, isValid: isImageUrl },
			...videoOptions(ASPECT_RATIOS_WITH_ORIGINAL),
		]),
		outputs: one('video_path', 'video'),
	},
	{
		ids: ['tm_text2music'],
		validate: validator([
			prompt,
			// Official: above 0 and below 95; the client sends up to 95. Served: above 0, up to 95.
			{
				key: 'duration',
				code: FakeErrorCode.AudioDurationInvalid,
				required: true,
				isValid: (value) => typeof value === 'number' && value > 0 && value <= 95,
			},
			{ key: 'qty', code: FakeErrorCode.QtyInvalid, required: true, isValid: isIntegerIn(1, 4) },
			{
				key: 'disable_translate',
				code: FakeErrorCode.DisableTranslateInvalid,
				isValid: (value) => typeof value === 'boolean',
			},
		]),
		outputs: counted('audio_path', 'audio', 'qty'),
	},
	{
		ids: ['tm_text2sfx'],
		validate: validator([
			prompt,
			{ key: 'duration', code: FakeErrorCode.AudioDurationInvalid, required: true, isValid: isIntegerIn(5, 180) },
			{ key: 'qty', code: FakeErrorCode.QtyInvalid, isValid: isIntegerIn(1, 4) },
		]),
		outputs: counted('audio_path', 'audio', 'qty'),
	},
	{
		ids: ['tm_reference_img2img'],
		validate: validator([
			prompt,
			{ key: 'reference_image', code: FakeErrorCode.ReferenceImageInvalid, required: true, isValid: isImageUrl },
			{
				key: 'control_type',
				code: FakeErrorCode.ControlTypeInvalid,
				required: true,
				isValid: isOneOf(['0', '1', '2', '3']),
			},
			{
				key: 'init_image',
				code: FakeErrorCode.InitImageInvalid,
				isValid: isImageUrl,
				requiredWhen: (body) => body.control_type === '2',
			},
			{ key: 'width', code: FakeErrorCode.SizeInvalid, required: true, isValid: isIntegerIn(512, 2048) },
			{ key: 'height', code: FakeErrorCode.SizeInvalid, required: true, isValid: isIntegerIn(512, 2048) },
			{ key: 'batch_size', code: FakeErrorCode.BatchSizeInvalid, required: true, isValid: isIntegerIn(1, 4) },
			{
				key: 'control_intensity',
				code: FakeErrorCode.ControlIntensityInvalid,
				required: true,
				isValid: (value) => typeof value === 'number' && value >= 0 && value <= 1,
			},
		]),
		outputs: images,
	},
	{
		ids: ['tm_redrawing'],
		validate: validator([
			prompt,
			{ key: 'init_image', code: FakeErrorCode.InitImageInvalid, required: true, isValid: isImageUrl },
			{ key: 'mask_url', code: FakeErrorCode.MaskInvalid, isValid: isImageUrl },
		]),
		outputs: (_body, switches) => images({}, switches),
	},
	// Low-confidence capabilities (the node offers them through Custom Capability only).
	{
		ids: ['tm_text2speech'],
		validate: validator([{ key: 'text', code: FakeErrorCode.TextInvalid, required: true, isValid: isText }]),
		outputs: one('audio_path', 'audio'),
	},
	{
		ids: ['tm_video_continuation_b', 'tm_video_continuation'],
		validate: validator([
			prompt,
			{ key: 'video', code: FakeErrorCode.VideoInvalid, required: true, isValid: isMp4Url },
		]),
		outputs: one('video_path', 'video'),
	},
	{
		// AREF: `video` and audio_path; official page: `file_link` and a video with the music. Either input is taken,
		// and both keys come back, the music first.
		ids: ['tm_video_scoring'],
		validate: (body) =>
			parseHttpUrl(body.file_link) === undefined && parseHttpUrl(body.video) === undefined
				? FakeErrorCode.VideoInvalid
				: validator([])(body),
		outputs: () => [
			{ keys: ['audio_path'], kind: 'audio', count: 1 },
			{ keys: ['video_path'], kind: 'video', count: 1 },
		],
	},
	{
		// Two body shapes documented (IREF image + prompt, official template_info): any object is taken.
		ids: ['tm_reference_img2mask'],
		validate: validator([]),
		outputs: one('mask_path', 'mask'),
	},
];

export function fakeCapability(capabilityId: string): FakeCapability | undefined {
	return FAKE_CAPABILITIES.find((capability) => capability.ids.includes(capabilityId));
}

/** Validates a create body for a capability of this table. */
export function validateCapabilityBody(capability: FakeCapability, body: unknown): FakeErrorCodeValue | undefined {
	if (!isPlainObject(body)) return FakeErrorCode.BodyInvalid;
	return capability.validate(body);
}
