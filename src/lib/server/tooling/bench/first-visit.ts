import type { Page, Request } from '@playwright/test';

export interface FirstVisit {
	/** Compressed JavaScript, response headers included (on a slow network each file costs its headers too). */
	js: number;
	/** Everything but pictures and audio, headers included. */
	total: number;
	requests: number;
}

/**
 * Opens `url` in `page` (a fresh context: empty cache) and sums what came over the network until it settled.
 * Shared by the byte-budget test and `npm run bench -- lessons`. Every size is read while the page is open and
 * awaited before counting: one still being read would go uncounted, one read after the page closed fails.
 */
export async function measureFirstVisit(page: Page, url: string): Promise<FirstVisit> {
	const measuring: Promise<{ url: string; type: string; bytes: number }>[] = [];
	const onFinished = (request: Request) => {
		measuring.push(
			request.sizes().then((sizes) => ({
				url: request.url(),
				type: request.resourceType(),
				bytes: sizes.responseBodySize + sizes.responseHeadersSize
			}))
		);
	};
	page.on('requestfinished', onFinished);
	try {
		await page.goto(url, { waitUntil: 'networkidle' });
	} finally {
		page.off('requestfinished', onFinished);
	}
	const counted = (await Promise.all(measuring)).filter((r) => r.type !== 'image' && r.type !== 'media');
	const sum = (list: typeof counted) => list.reduce((n, r) => n + r.bytes, 0);
	return {
		js: sum(counted.filter((r) => r.type === 'script' || r.url.endsWith('.js'))),
		total: sum(counted),
		requests: counted.length
	};
}
