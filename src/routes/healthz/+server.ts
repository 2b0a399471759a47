import { json } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { version as build } from '$app/environment';
import pkg from '../../../package.json' with { type: 'json' };
import { db } from '$lib/server/db';
import { first, rawRows } from '$lib/server/db/dialect';

export async function GET(): Promise<Response> {
	let database: boolean;
	try {
		database = (await first(rawRows<{ ok: number }>(db, sql`select 1 as ok`)))?.ok === 1;
	} catch {
		database = false;
	}
	return json(
		{ status: database ? 'ok' : 'degraded', version: pkg.version, build, database },
		{ status: database ? 200 : 503 }
	);
}
