/** The values Tomoviee's image-to-video capability accepts, as the API contract lists them. */

export const RESOLUTIONS = ['720p', '1080p'] as const;

export const ASPECT_RATIOS = ['16:9', '9:16', '4:3', '3:4', '1:1', 'original'] as const;

/** The API accepts no other duration, so the node sends it rather than exposing a field. */
export const VIDEO_DURATION_SECONDS = 5;

/** Value of the camera move dropdown that sends no `camera_move_index`: Tomoviee chooses the motion. */
export const AUTO_CAMERA_MOVE = 0;

export const IMAGE_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'] as const;

/** Tomoviee's `camera_move_index` table (1-46). Index 39 repeats the name of 28 upstream, so it is labelled apart. */
export const CAMERA_MOVES: ReadonlyArray<{ index: number; name: string }> = [
	{ index: 1, name: 'Orbit' },
	{ index: 2, name: 'Spin' },
	{ index: 3, name: 'Pan Left' },
	{ index: 4, name: 'Pan Right' },
	{ index: 5, name: 'Tilt Up' },
	{ index: 6, name: 'Tilt Down' },
	{ index: 7, name: 'Push In' },
	{ index: 8, name: 'Pull Out' },
	{ index: 9, name: 'Static' },
	{ index: 10, name: 'Tracking' },
	{ index: 11, name: 'Others' },
	{ index: 12, name: 'Object POV' },
	{ index: 13, name: 'Super Dolly In' },
	{ index: 14, name: 'Super Dolly Out' },
	{ index: 15, name: 'Snorricam' },
	{ index: 16, name: 'Head Tracking' },
	{ index: 17, name: 'Car Grip' },
	{ index: 18, name: 'Screen Transition' },
	{ index: 19, name: 'Car Chasing' },
	{ index: 20, name: 'Fisheye' },
	{ index: 21, name: 'FPV Drone' },
	{ index: 22, name: 'Crane Over the Head' },
	{ index: 23, name: 'Timelapse Landscape' },
	{ index: 24, name: 'Dolly In' },
	{ index: 25, name: 'Dolly Out' },
	{ index: 26, name: 'Zoom In' },
	{ index: 27, name: 'Zoom Out' },
	{ index: 28, name: 'Full Shot' },
	{ index: 29, name: 'Close-Up Shot' },
	{ index: 30, name: 'Extreme Close-Up' },
	{ index: 31, name: 'Macro Shot' },
	{ index: 32, name: "Bird's-Eye View" },
	{ index: 33, name: 'Rule of Thirds' },
	{ index: 34, name: 'Symmetrical Composition' },
	{ index: 35, name: 'Handheld' },
	{ index: 36, name: 'FPV Shot' },
	{ index: 37, name: 'Jib Up' },
	{ index: 38, name: 'Jib Down' },
	{ index: 39, name: 'Full Shot (Alternate)' },
	{ index: 40, name: 'Time Lapse Shot' },
	{ index: 41, name: 'Aerial Shot' },
	{ index: 42, name: 'Low Angle Shot' },
	{ index: 43, name: 'Eye-Level Shot' },
	{ index: 44, name: 'Diagonal Composition' },
	{ index: 45, name: 'Over-the-Shoulder Shot' },
	{ index: 46, name: 'Crane Down' },
];

export const MAX_CAMERA_MOVE = CAMERA_MOVES.length;

/** How messages of both nodes name the operation that reads a task again (each node calls it its own way). */
export const STATUS_OPERATION = "'Get Video Status' ('Task' > 'Get Status' in the Tomoviee node)";
