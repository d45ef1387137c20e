import type { ImageToVideoInput } from './validate';
import { AUTO_CAMERA_MOVE, VIDEO_DURATION_SECONDS } from './vocabulary';

/** Body of POST /v1/open/capacity/application/tm_img2video_b. Optional fields are sent only when set. */
export interface CreateTaskBody {
	prompt: string;
	image: string;
	resolution: string;
	duration: number;
	aspect_ratio: string;
	camera_move_index?: number;
	callback?: string;
	params?: string;
}

export function buildCreateTaskBody(input: ImageToVideoInput): CreateTaskBody {
	const body: CreateTaskBody = {
		prompt: input.prompt,
		image: input.imageUrl,
		resolution: input.resolution,
		duration: VIDEO_DURATION_SECONDS,
		aspect_ratio: input.aspectRatio,
	};
	if (input.cameraMove !== AUTO_CAMERA_MOVE) body.camera_move_index = input.cameraMove;
	if (input.callbackUrl !== undefined) body.callback = input.callbackUrl;
	if (input.params !== undefined) body.params = input.params;
	return body;
}
