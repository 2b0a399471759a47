import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeDatabase } from '$lib/server/db';
import { useFreshDatabase } from '$lib/server/tooling/test-db';
import { GET } from './+server.ts';

let fresh: Awaited<ReturnType<typeof useFreshDatabase>>;
beforeEach(async () => {
	fresh = await useFreshDatabase();
});
afterEach(() => fresh.cleanup());

it('reports the version and a database that answers', async () => {
	const response = await GET();
	expect(response.status).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({ status: 'ok', version: '0.1.0', database: true });
});

it('reports a database that does not answer', async () => {
	await closeDatabase(fresh.db);
	const response = await GET();
	expect(response.status).toBe(503);
	expect((await response.json()).database).toBe(false);
});
