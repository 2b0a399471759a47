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

	it('sends small, binary or unrequested responses as they are', async () => {
		expect((await run(null)).headers.get('content-encoding')).toBeNull();
		expect((await run('br', '<p>hi</p>')).headers.get('content-encoding')).toBeNull();
		expect((await run('br', page, 'application/pdf')).headers.get('content-encoding')).toBeNull();
	});
});
