import { CAPABILITIES } from '../domain/capabilities';
import { IMAGE_TO_VIDEO_RESULT } from '../domain/capabilityResult';
import type { CapabilityTarget } from '../parameters/taskRequest';

/** The node's one capability, from the capability table, output in the node's own shape. */
export const IMAGE_TO_VIDEO: CapabilityTarget = {
	capability: CAPABILITIES.imageToVideo,
	result: IMAGE_TO_VIDEO_RESULT,
};
