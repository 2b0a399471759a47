// Text to bytes without one long string. V8 keeps a string of more than 64 K characters (128 KB) in its large-object
// space, which only the old generation's collection frees: an XLSX export's pages, each joined into one string of
// about a megabyte, left their dead strings there until the server had grown past 150 MB (issue 17).

/** The most characters joined before they are encoded: well below a large object. */
const PIECE = 16_384;

/** The UTF-8 bytes of pieces of text (an export's rows), encoded a few thousand characters at a time. */
export function utf8Of(pieces: Iterable<string>): Buffer {
	const buffers: Buffer[] = [];
	let text = '';
	for (const piece of pieces) {
		text += piece;
		if (text.length >= PIECE) {
			buffers.push(Buffer.from(text));
			text = '';
		}
	}
	if (text || buffers.length === 0) buffers.push(Buffer.from(text));
	return buffers.length === 1 ? buffers[0] : Buffer.concat(buffers);
}
