import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { RequestEvent } from '@sveltejs/kit';
import { chooseEncoding, compressHandle } from './compress.ts';

const page = '<!doctype html><p>' + '学技术，增收入。'.repeat(400) + '</p>';

async function run(accept: string | null, body = page, type = 'text/html; charset=utf-8') {
	const headers = new Headers(accept ? { 'accept-encoding': accept } : {});
	const event = { request: new Request('http://x/', { headers }) } as unknown as RequestEvent;
	return compressHandle({ event, resolve: async () => new Response(body, { headers: { 'content-type': type } }) });
}

describe('compressHandle', () => {
	it('prefers brotli, then gzip, and leaves the page intact', async () => {
		expect(chooseEncoding('gzip, deflate, br')).toBe('br');
		const br = await run('gzip, br');
		expect(br.headers.get('content-encoding')).toBe('br');
		const bytes = Buffer.from(await br.arrayBuffer());
		expect(bytes.byteLength).toBeLessThan(Buffer.byteLength(page) / 5);
		expect(brotliDecompressSync(bytes).toString()).toBe(page);
		const gz = await run('gzip');
		expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(page);
		expect(gz.headers.get('vary')).toContain('Accept-Encoding');
	});

	it('compresses a download as a stream, chunk by chunk, without waiting for its end', async () => {
		const headers = new Headers({ 'accept-encoding': 'br' });
		const event = { request: new Request('http://x/', { headers }) } as unknown as RequestEvent;
		const line = '乡镇,村,户编号,姓名\r\n'.repeat(200);
		let pulled = 0;
		let release: () => void = () => undefined;
		const lastChunk = new Promise<void>((resolve) => (release = resolve));
		const body = new ReadableStream<Uint8Array>({
			async pull(controller) {
				pulled++;
				if (pulled === 3) await lastChunk; // the end of the export is not there yet
				if (pulled > 3) return controller.close();
				controller.enqueue(new TextEncoder().encode(line));
			}
		});
		const response = await compressHandle({
			event,
			resolve: async () =>
				new Response(body, {
					headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': 'attachment; filename="r.csv"' }
				})
		});
		expect(response.headers.get('content-encoding')).toBe('br');
		expect(response.headers.get('content-length')).toBeNull();
		// The response is handed over while the source still has chunks to give.
		expect(pulled).toBeLessThan(4);
		release();
		const bytes = Buffer.from(await response.arrayBuffer());
		expect(brotliDecompressSync(bytes).toString()).toBe(line.repeat(3));
	});

	it('sends small, binary or unrequested responses as they are', async () => {
		expect((await run(null)).headers.get('content-encoding')).toBeNull();
		expect((await run('br', '<p>hi</p>')).headers.get('content-encoding')).toBeNull();
		expect((await run('br', page, 'application/pdf')).headers.get('content-encoding')).toBeNull();
	});
});
