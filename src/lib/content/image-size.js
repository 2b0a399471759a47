// A picture's own width and height, read from its first bytes at build time, so the lesson page can keep the
// picture's room before it loads (a picture without a size pushes the text down when it arrives).

/**
 * Width and height of an SVG (its width/height attributes, else its viewBox), PNG or JPEG; null when unknown.
 * @param {Uint8Array} bytes
 * @returns {{ width: number, height: number } | null}
 */
export function imageSize(bytes) {
	const b = bytes;
	// PNG: the IHDR chunk comes first.
	if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
		const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
		return { width: view.getUint32(16), height: view.getUint32(20) };
	}
	// JPEG: walk the segments to the first start-of-frame.
	if (b[0] === 0xff && b[1] === 0xd8) {
		let at = 2;
		while (at + 9 < b.length && b[at] === 0xff) {
			const marker = b[at + 1];
			const length = (b[at + 2] << 8) | b[at + 3];
			if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc)
				return { height: (b[at + 5] << 8) | b[at + 6], width: (b[at + 7] << 8) | b[at + 8] };
			at += 2 + length;
		}
		return null;
	}
	const text = new TextDecoder().decode(b.subarray(0, 2000));
	const tag = /<svg\b[^>]*>/.exec(text)?.[0];
	if (!tag) return null;
	const attribute = (/** @type {string} */ name) => {
		const value = new RegExp(`\\s${name}=["']\\s*([\\d.]+)(px)?\\s*["']`).exec(tag)?.[1];
		return value ? Number(value) : null;
	};
	const width = attribute('width');
	const height = attribute('height');
	if (width && height) return { width, height };
	const box = /\sviewBox=["']([^"']+)["']/
		.exec(tag)?.[1]
		.trim()
		.split(/[\s,]+/)
		.map(Number);
	if (box?.length === 4 && box[2] > 0 && box[3] > 0) return { width: box[2], height: box[3] };
	return null;
}
