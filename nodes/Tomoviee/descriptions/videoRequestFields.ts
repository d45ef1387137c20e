import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import {
	ASPECT_RATIOS,
	AUTO_CAMERA_MOVE,
	CAMERA_MOVES,
	RESOLUTIONS,
	VIDEO_DURATION_SECONDS,
} from '../domain/vocabulary';

const submittingOperations = { show: { operation: ['create', 'createAndWait'] } };

const ASPECT_RATIO_LABELS: Record<(typeof ASPECT_RATIOS)[number], string> = {
	'16:9': '16:9 (Landscape)',
	'9:16': '9:16 (Portrait, Reels and Shorts)',
	'4:3': '4:3',
	'3:4': '3:4',
	'1:1': '1:1 (Square)',
	original: 'Original (Keep the Image Ratio)',
};

export const cameraMoveOptions: INodePropertyOptions[] = [
	{ name: 'Auto', value: AUTO_CAMERA_MOVE, description: 'Let Tomoviee choose the camera motion' },
	...CAMERA_MOVES.map(({ index, name }) => ({ name: `${name} (${index})`, value: index })),
];

/** Fields that describe the video to make: shared by Create and Create and Wait. */
export const videoRequestFields: INodeProperties[] = [
	{
		displayName: 'Prompt',
		name: 'prompt',
		type: 'string',
		typeOptions: { rows: 4 },
		required: true,
		default: '',
		placeholder: 'e.g. A red fox turns its head toward the camera, snow falls slowly behind it',
		description:
			'How the scene should move, in English or Chinese. Works best as "subject + motion, background + motion".',
		displayOptions: submittingOperations,
	},
	{
		displayName: 'Image URL',
		name: 'imageUrl',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. https://example.com/photos/fox.jpg',
		description:
			'Public http(s) URL of the first frame: a JPG, JPEG, PNG or WEBP image under 200 MB, ideally with a short side over 720 px',
		displayOptions: submittingOperations,
	},
	{
		displayName: `Tomoviee makes ${VIDEO_DURATION_SECONDS}-second videos: the duration is fixed by the API`,
		name: 'durationNotice',
		type: 'notice',
		default: '',
		displayOptions: submittingOperations,
	},
	{
		displayName: 'Resolution',
		name: 'resolution',
		type: 'options',
		options: RESOLUTIONS.map((value) => ({ name: value, value })),
		default: '720p',
		description: 'Output resolution of the video',
		displayOptions: submittingOperations,
	},
	{
		displayName: 'Aspect Ratio',
		name: 'aspectRatio',
		type: 'options',
		options: ASPECT_RATIOS.map((value) => ({ name: ASPECT_RATIO_LABELS[value], value })),
		default: 'original',
		description: 'Frame shape of the video; Original keeps the ratio of the input image',
		displayOptions: submittingOperations,
	},
	{
		displayName: 'Camera Move',
		name: 'cameraMove',
		type: 'options',
		// Many options: a searchable list is easier to use than scrolling.
		typeOptions: { searchable: true },
		options: cameraMoveOptions,
		default: AUTO_CAMERA_MOVE,
		description: 'Camera motion to apply; Auto lets Tomoviee choose',
		displayOptions: submittingOperations,
	},
];
