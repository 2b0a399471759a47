import { afterEach, beforeEach, expect, it } from 'vitest';
import { useFreshDatabase } from '$lib/server/tooling/test-db';
import { first } from '$lib/server/db/dialect';
import { townships } from '$lib/server/db/schema';
import { seedBenchCounty } from '$lib/server/tooling/bench/bench-seed';
import { encodeCursor } from '$lib/server/records/rows';
import { createApiToken } from '$lib/server/records/tokens';
import { GET } from './+server.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let token: string;
beforeEach(async () => {
	env = await useFreshDatabase();
	await seedBenchCounty(env.db, { townships: 1, villagesPerTownship: 2, households: 40, learners: 120, seed: 3 });
	token = (await createApiToken(null, (await first(env.db.select().from(townships)))!.id, '统计局')).token;
});
afterEach(() => env.cleanup());

async function get(query: string): Promise<{ status: number; body: { records?: unknown[]; error?: string } }> {
	const url = new URL(`http://localhost/api/records?${query}`);
	const request = new Request(url, { headers: { authorization: `Bearer ${token}` } });
	const response = await GET({ request, url } as unknown as Parameters<typeof GET>[0]);
	return { status: response.status, body: await response.json() };
}

it('reads ?limit= as a whole number within 1–1000, whatever is sent', async () => {
	const total = (await get('limit=1000')).body.records!.length;
	expect(total).toBeGreaterThan(10);
	for (const [limit, expected] of [
		['1.5', Math.min(total, 200)], // SQLite refused LIMIT 1.5; the error came back as "bad_cursor"
		['-5', 1],
		['0', 1],
		['3', 3],
		['1e308', Math.min(total, 200)],
		['99999999999999999999', total],
		['Infinity', Math.min(total, 200)],
		['abc', Math.min(total, 200)]
	] as const) {
		const { status, body } = await get(`limit=${limit}`);
		expect([limit, status, body.records?.length]).toEqual([limit, 200, expected]);
	}
});

it('refuses a cursor whose learner id is not a positive safe integer', async () => {
	for (const userId of [0, 1e20]) {
		const cursor = encodeCursor({ userId, courseSlug: 'x' }).replace(/=+$/, '');
		expect(await get(`cursor=${cursor}`)).toEqual({ status: 400, body: { error: 'bad_cursor' } });
	}
	expect((await get(`cursor=${encodeCursor({ userId: 1, courseSlug: 'x' })}`)).status).toBe(200);
});
