import { afterEach, beforeEach, expect, it } from 'vitest';
import { useFreshDatabase } from '$lib/server/tooling/test-db';
import { GET } from './+server.ts';

let fresh: ReturnType<typeof useFreshDatabase>;
beforeEach(() => {
	fresh = useFreshDatabase();
});
afterEach(() => fresh.cleanup());

it('reports the version and a database that answers', async () => {
	const response = GET();
	expect(response.status).toBe(200);
	const body = await response.json();
	expect(body).toMatchObject({ status: 'ok', version: '0.1.0', database: true });
});

it('reports a database that does not answer', async () => {
	fresh.db.$client.close();
	const response = GET();
	expect(response.status).toBe(503);
	expect((await response.json()).database).toBe(false);
});
