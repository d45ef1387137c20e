/**
 * Error codes the fake answers with. The contract only says task-level codes are six digits starting
 * with 68 and that gateway auth failures use 140013; the individual 68xxxx values below are the fake's
 * own (documented in README.md) so tests can assert on exact codes.
 */
export const FakeErrorCode = {
	Unauthorized: 140013,
	BodyInvalid: 680001,
	PromptInvalid: 680002,
	ImageInvalid: 680003,
	ResolutionInvalid: 680004,
	DurationInvalid: 680005,
	AspectRatioInvalid: 680006,
	CameraMoveInvalid: 680007,
	CallbackInvalid: 680008,
	ParamsInvalid: 680009,
	TaskIdInvalid: 680010,
	TaskNotFound: 680011,
	InsufficientBalance: 680012,
	CapabilityNotEnabled: 680013,
	// The capabilities beside image-to-video (capabilities.ts).
	ImageTailInvalid: 680014,
	AudioDurationInvalid: 680015,
	QtyInvalid: 680016,
	DisableTranslateInvalid: 680017,
	ReferenceImageInvalid: 680018,
	ControlTypeInvalid: 680019,
	InitImageInvalid: 680020,
	SizeInvalid: 680021,
	BatchSizeInvalid: 680022,
	ControlIntensityInvalid: 680023,
	MaskInvalid: 680024,
	TextInvalid: 680025,
	VideoInvalid: 680026,
	/** The rate-limit answer of switch rateLimitAnswer 'chinese200' (HTTP 200, worded in Chinese). */
	RateLimited: 680027,
} as const;

export type FakeErrorCodeValue = (typeof FakeErrorCode)[keyof typeof FakeErrorCode];

export const FakeErrorMessage: Record<FakeErrorCodeValue, string> = {
	[FakeErrorCode.Unauthorized]: 'unauthorized: Unauthorized',
	[FakeErrorCode.BodyInvalid]: 'invalid request body: a JSON object is required',
	[FakeErrorCode.PromptInvalid]: 'invalid parameter: prompt must be a non-empty string',
	[FakeErrorCode.ImageInvalid]: 'invalid parameter: image must be an http(s) URL of a jpg/jpeg/png/webp image',
	[FakeErrorCode.ResolutionInvalid]: 'invalid parameter: resolution must be 720p or 1080p',
	[FakeErrorCode.DurationInvalid]: 'invalid parameter: duration only supports 5',
	[FakeErrorCode.AspectRatioInvalid]:
		'invalid parameter: aspect_ratio must be one of 16:9, 9:16, 4:3, 3:4, 1:1, original',
	[FakeErrorCode.CameraMoveInvalid]: 'invalid parameter: camera_move_index must be an integer from 1 to 46',
	[FakeErrorCode.CallbackInvalid]: 'invalid parameter: callback must be an http(s) URL',
	[FakeErrorCode.ParamsInvalid]: 'invalid parameter: params must be a string',
	[FakeErrorCode.TaskIdInvalid]: 'invalid parameter: task_id must be a non-empty string',
	[FakeErrorCode.TaskNotFound]: 'task not found',
	[FakeErrorCode.InsufficientBalance]: 'insufficient balance',
	[FakeErrorCode.CapabilityNotEnabled]: 'permission denied: capability tm_img2video_b is not enabled for this app',
	[FakeErrorCode.ImageTailInvalid]: 'invalid parameter: image_tail must be an http(s) URL of a jpg/jpeg/png/webp image',
	[FakeErrorCode.AudioDurationInvalid]: 'invalid parameter: duration is out of range for this capability',
	[FakeErrorCode.QtyInvalid]: 'invalid parameter: qty must be an integer from 1 to 4',
	[FakeErrorCode.DisableTranslateInvalid]: 'invalid parameter: disable_translate must be a boolean',
	[FakeErrorCode.ReferenceImageInvalid]:
		'invalid parameter: reference_image must be an http(s) URL of a jpg/jpeg/png/webp image',
	[FakeErrorCode.ControlTypeInvalid]: 'invalid parameter: control_type must be one of "0", "1", "2", "3"',
	[FakeErrorCode.InitImageInvalid]: 'invalid parameter: init_image must be an http(s) URL of a jpg/jpeg/png/webp image',
	[FakeErrorCode.SizeInvalid]: 'invalid parameter: width and height must be integers from 512 to 2048',
	[FakeErrorCode.BatchSizeInvalid]: 'invalid parameter: batch_size must be an integer from 1 to 4',
	[FakeErrorCode.ControlIntensityInvalid]: 'invalid parameter: control_intensity must be a number from 0 to 1',
	[FakeErrorCode.MaskInvalid]: 'invalid parameter: mask_url must be an http(s) URL of a jpg/jpeg/png/webp image',
	[FakeErrorCode.TextInvalid]: 'invalid parameter: text must be a non-empty string',
	[FakeErrorCode.VideoInvalid]: 'invalid parameter: the video must be an http(s) URL of an mp4 file',
	[FakeErrorCode.RateLimited]: '请求过于频繁，请稍后再试',
};
