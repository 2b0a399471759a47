import jsQR from 'jsqr';
import { PDFArray, PDFDocument, PDFRawStream, decodePDFRawStream } from 'pdf-lib';

/**
 * What the QR code printed on a certificate PDF says, read as a phone's camera would: the code's squares are
 * taken from the page's drawing (one `column row 1 1 re` per dark square), painted into a picture with a white
 * border, and decoded by jsQR, a decoder independent of the library that made the code. Null when unreadable.
 */
export async function readCertificateQr(pdfBytes: Uint8Array): Promise<string | null> {
	const page = (await PDFDocument.load(pdfBytes)).getPage(0);
	const contents = page.node.Contents();
	const streams =
		contents instanceof PDFArray ? contents.asArray().map((ref) => page.doc.context.lookup(ref)) : [contents];
	const drawing = streams
		.map((stream) => Buffer.from(decodePDFRawStream(stream as PDFRawStream).decode()).toString('latin1'))
		.join('\n');
	const squares = [...drawing.matchAll(/(?:^|\s)(\d+) (\d+) 1 1 re(?=\s)/g)].map(([, x, y]) => [Number(x), Number(y)]);
	if (squares.length === 0) return null;
	const size = Math.max(...squares.flat()) + 1;
	const border = 4;
	const scale = 6;
	const width = (size + 2 * border) * scale;
	const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
	for (const [x, y] of squares) {
		// PDF y grows upwards; picture rows grow downwards.
		const top = (border + size - 1 - y) * scale;
		const left = (border + x) * scale;
		for (let row = top; row < top + scale; row++) {
			for (let column = left; column < left + scale; column++)
				pixels.fill(0, (row * width + column) * 4, (row * width + column) * 4 + 3);
		}
	}
	return jsQR(pixels, width, width)?.data ?? null;
}
