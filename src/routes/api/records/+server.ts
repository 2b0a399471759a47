import { json } from '@sveltejs/kit';
import { authenticateApiToken } from '$lib/server/records/tokens';
import { recordRows } from '$lib/server/records/rows';
import type { RequestHandler } from './$types';
import { boundedInt } from '$lib/server/params';

/**
 * Read-only Zhizhi records for other systems: the rows of the export, for the token's township only.
 * `Authorization: Bearer zz_…`; `?since=<ISO date>` (records dated from then on), `?limit=` (≤ 1000),
 * `?cursor=` from the previous page's `next`.
 */
export const GET: RequestHandler = async ({ request, url }) => {
	const token = await authenticateApiToken(request.headers.get('authorization'));
	if (!token) {
		return json({ error: 'unauthorized' }, { status: 401, headers: { 'www-authenticate': 'Bearer realm="records"' } });
	}
	const sinceText = url.searchParams.get('since');
	const since = sinceText ? new Date(sinceText) : undefined;
	if (since && Number.isNaN(since.getTime())) return json({ error: 'bad_since' }, { status: 400 });
	const limit = boundedInt(url.searchParams.get('limit'), { min: 1, max: 1000, fallback: 200 });
	try {
		const page = await recordRows(
			{ townshipId: token.townshipId, from: since },
			{ cursor: url.searchParams.get('cursor'), limit }
		);
		return json({ records: page.rows, next: page.nextCursor });
	} catch {
		return json({ error: 'bad_cursor' }, { status: 400 });
	}
};
