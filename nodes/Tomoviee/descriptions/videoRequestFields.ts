import type { INodeProperties } from 'n8n-workflow';
import { CAPABILITIES } from '../domain/capabilities';
import { promptField, urlField, videoSettingsFields } from './capabilityFields';

const capability = CAPABILITIES.imageToVideo;

/**
 * The video an image to video task makes: prompt, first frame and the video settings. Shown by Create and Create and
 * Wait of the Tomoviee Image to Video node and by Video > Image to Video of the Tomoviee node.
 */
export const videoRequestFields: INodeProperties[] = [
	promptField(capability, {
		placeholder: 'e.g. A red fox turns its head toward the camera, snow falls slowly behind it',
		description:
			'How the scene should move, in English or Chinese. Works best as "subject + motion, background + motion".',
	}),
	urlField(capability, 'imageUrl', {
		placeholder: 'e.g. https://example.com/photos/fox.jpg',
		description:
			'Public URL of the first frame: a JPG, JPEG, PNG or WEBP image under 200 MB, ideally with a short side over 720 px',
	}),
	...videoSettingsFields(capability, "Frame shape of the video; 'Original' keeps the ratio of the input image"),
];
