import { binaryPropertyFor, fileNameFor, fileTypeFor } from '../../../nodes/Tomoviee/domain/outputFiles';

describe('binary property and file names', () => {
	it('puts the first file under the chosen name and numbers the others', () => {
		expect([0, 1, 2, 3].map((index) => binaryPropertyFor('data', index))).toEqual([
			'data',
			'data_1',
			'data_2',
			'data_3',
		]);
		expect([0, 1].map((index) => fileNameFor('tm_text2music-0-1', index, 'mp3'))).toEqual([
			'tm_text2music-0-1.mp3',
			'tm_text2music-0-1_1.mp3',
		]);
	});
});

describe('fileTypeFor', () => {
	it.each([
		['video', 'video/mp4', 'https://s.example.com/a', 'video/mp4', 'mp4'],
		['audio', 'audio/wav; charset=binary', 'https://s.example.com/a', 'audio/wav', 'wav'],
		['audio', 'audio/mpeg', 'https://s.example.com/a.mp3?Expires=1', 'audio/mpeg', 'mp3'],
		['image', 'image/jpeg', 'https://s.example.com/a.png', 'image/jpeg', 'jpg'],
		['image', 'IMAGE/WEBP', 'https://s.example.com/a', 'image/webp', 'webp'],
	])('%s with Content-Type %s: the storage names the type', (kind, contentType, url, mimeType, extension) => {
		expect(fileTypeFor(kind, contentType, url)).toEqual({ mimeType, extension });
	});

	it.each([
		['audio', 'application/octet-stream', 'https://s.example.com/a.wav?Signature=x', 'audio/wav', 'wav'],
		['image', '', 'https://s.example.com/a.jpeg', 'image/jpeg', 'jpeg'],
		['video', 'binary/octet-stream', 'https://s.example.com/a.unknownext', 'video/mp4', 'mp4'],
	])(
		'%s with a generic Content-Type "%s": the URL decides, else the kind',
		(kind, contentType, url, mimeType, extension) => {
			expect(fileTypeFor(kind, contentType, url)).toEqual({ mimeType, extension });
		},
	);

	it.each([
		['video', 'video/mp4', 'mp4'],
		['audio', 'audio/mpeg', 'mp3'],
		['image', 'image/png', 'png'],
		['mask', 'image/png', 'png'],
		['thumbnail', 'application/octet-stream', 'bin'],
	])('a %s file the storage says nothing about is %s .%s', (kind, mimeType, extension) => {
		expect(fileTypeFor(kind, '', 'not a url')).toEqual({ mimeType, extension });
	});

	it('keeps an unusual but specific type, with the URL extension', () => {
		expect(fileTypeFor('audio', 'audio/x-custom', 'https://s.example.com/a.ogg')).toEqual({
			mimeType: 'audio/x-custom',
			extension: 'ogg',
		});
	});
});
