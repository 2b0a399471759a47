import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync } from 'node:zlib';
import type { Handle } from '@sveltejs/kit';

const COMPRESSIBLE = /^(text\/html|application\/json|text\/csv|image\/svg\+xml)/;
const MIN_BYTES = 1024;

/** The encoding to use for a request's Accept-Encoding header, or null. */
export function chooseEncoding(acceptEncoding: string | null): 'br' | 'gzip' | null {
	const accepted = (acceptEncoding ?? '').toLowerCase();
	if (/\bbr\b/.test(accepted)) return 'br';
	if (/\bgzip\b/.test(accepted)) return 'gzip';
	return null;
}

/**
 * Compresses rendered pages and JSON. adapter-node serves the built assets precompressed but sends page HTML
 * as is; on a slow, metered connection a 17 KB lesson page shrinks to about 5 KB. A reverse proxy that
 * compresses does no harm: responses that already have a Content-Encoding are left alone. Downloads are
 * compressed as a stream, so a large export is never held in memory.
 */
export const compressHandle: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	const type = response.headers.get('content-type') ?? '';
	const encoding = chooseEncoding(event.request.headers.get('accept-encoding'));
	if (!encoding || !COMPRESSIBLE.test(type) || response.headers.has('content-encoding') || !response.body) {
		return response;
	}
	if (/^attachment/i.test(response.headers.get('content-disposition') ?? '')) {
		// A download (a county's records export) is streamed: compressed as it is made, never held whole.
		const compressor =
			encoding === 'br'
				? createBrotliCompress({ params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
				: createGzip({ level: 6 });
		const source = Readable.fromWeb(response.body as unknown as NodeReadableStream<Uint8Array>);
		source.on('error', (error) => compressor.destroy(error));
		const headers = new Headers(response.headers);
		headers.set('content-encoding', encoding);
		headers.delete('content-length');
		headers.append('vary', 'Accept-Encoding');
		return new Response(Readable.toWeb(source.pipe(compressor)) as unknown as ReadableStream<Uint8Array>, {
			status: response.status,
			statusText: response.statusText,
			headers
		});
	}
	const body = Buffer.from(await response.arrayBuffer());
	if (body.byteLength < MIN_BYTES) return new Response(body, response);
	const compressed =
		encoding === 'br'
			? brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } })
			: gzipSync(body, { level: 6 });
	const headers = new Headers(response.headers);
	headers.set('content-encoding', encoding);
	headers.set('content-length', String(compressed.byteLength));
	headers.append('vary', 'Accept-Encoding');
	return new Response(compressed, { status: response.status, statusText: response.statusText, headers });
};
