import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { imageSize } from './image-size.js';

const text = (s: string) => new TextEncoder().encode(s);

describe('imageSize', () => {
	it.each([
		['width and height', '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="220">', 320, 220],
		['px units', "<svg width='40px' height='30px' viewBox='0 0 4 3'>", 40, 30],
		['a viewBox alone', '<?xml version="1.0"?>\n<svg viewBox="0 0 120 90">', 120, 90],
		['a percentage width (the viewBox decides)', '<svg width="100%" viewBox="0,0,60,45">', 60, 45]
	])('reads an SVG with %s', (_, svg, width, height) => {
		expect(imageSize(text(svg))).toEqual({ width, height });
	});

	it('gives null for an SVG with no size and for what is not a picture', () => {
		expect(imageSize(text('<svg xmlns="http://www.w3.org/2000/svg">'))).toBeNull();
		expect(imageSize(text('hello'))).toBeNull();
	});

	it('reads a PNG header', () => {
		const png = new Uint8Array(24);
		png.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
		new DataView(png.buffer).setUint32(16, 640);
		new DataView(png.buffer).setUint32(20, 480);
		expect(imageSize(png)).toEqual({ width: 640, height: 480 });
	});

	it('reads a JPEG frame header after other segments', () => {
		const jpeg = new Uint8Array([
			0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x01, 0x2c, 0x01, 0x90, 0x03
		]);
		expect(imageSize(jpeg)).toEqual({ width: 400, height: 300 });
	});

	it('reads the pictures of the shipped courses', () => {
		expect(imageSize(readFileSync('content/courses/01-raising-chickens/vaccine-calendar.svg'))).toEqual({
			width: 320,
			height: 220
		});
	});
});
