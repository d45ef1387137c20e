import { CAPABILITY_LIST, capabilityById, capabilityIdOfTask } from '../../../nodes/Tomoviee/domain/capabilities';

describe('the capability table', () => {
	it('has the seven capabilities with their ids, kinds and result keys from the digest', () => {
		expect(CAPABILITY_LIST.map((c) => [c.name, c.id, c.outputKind, c.resultKeys.join('|')])).toEqual([
			['textToVideo', 'tm_text2video_b', 'video', 'video_path'],
			['imageToVideo', 'tm_img2video_b', 'video', 'video_path'],
			['firstLastFrameToVideo', 'tm_tail2video_b', 'video', 'video_path'],
			['textToMusic', 'tm_text2music', 'audio', 'audio_path'],
			['textToSoundEffect', 'tm_text2sfx', 'audio', 'audio_path'],
			['referenceToImage', 'tm_reference_img2img', 'image', 'images_path|image_path'],
			['redraw', 'tm_redrawing', 'image', 'images_path|image_path'],
		]);
	});

	it('finds a capability by its id or an alternate id, and the capability of a task id', () => {
		expect(capabilityById('tob_text2video_b')?.name).toBe('textToVideo');
		expect(capabilityById('tm_text2music')?.name).toBe('textToMusic');
		expect(capabilityById('tm_text2speech')).toBeUndefined();
		expect(capabilityIdOfTask('tm_img2video_b-0-2025080109295bd73652d4')).toBe('tm_img2video_b');
		expect(capabilityIdOfTask('no-prefix-here')).toBe('no');
		expect(capabilityIdOfTask('')).toBeUndefined();
	});

	it('names every field and gives every node parameter one meaning per capability', () => {
		for (const capability of CAPABILITY_LIST) {
			const parameters = capability.fields.flatMap((field) => (field.parameter ? [field.parameter] : []));
			expect(new Set(parameters).size).toBe(parameters.length);
			const keys = capability.fields.map((field) => field.key);
			expect(new Set(keys).size).toBe(keys.length);
			for (const field of capability.fields) expect(field.label).not.toBe('');
		}
	});
});
