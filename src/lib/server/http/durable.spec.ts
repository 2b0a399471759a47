import type { RequestEvent } from '@sveltejs/kit';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRun } from '../db/dialect.ts';
import { writeTransaction } from '../db/index.ts';
import { logFiles } from '../db/wal.ts';
import { holdLogSyncs, realLogSync, releaseLogSyncs, tick, type HeldSync } from '../tooling/held-log-syncs.ts';
import { testEngine } from '../tooling/test-engine.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { durableHandle } from './durable.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
/** The log syncs asked for, each ended (or failed) when the test says. */
let syncs: HeldSync[];
beforeEach(async () => {
	env = await useFreshDatabase();
	syncs = holdLogSyncs();
});
afterEach(() => {
	releaseLogSyncs();
	return env.cleanup();
});

/** Runs a request through the handle, its route saving a county: the answer, and whether it has come yet. */
function request(method: string, path = '/staff/enrol') {
	const url = new URL(path, 'https://learn.example');
	const event = { request: new Request(url, { method }), url } as unknown as RequestEvent;
	const code = `dur-${method}-${path.length}`;
	const state = { answered: false };
	const answer = Promise.resolve(
		durableHandle({
			event,
			resolve: async () => {
				await writeTransaction((tx) => rawRun(tx, sql`insert into counties (code, name) values (${code}, ${code})`));
				return new Response('saved');
			}
		})
	).then((response) => {
		state.answered = true;
		return response;
	});
	return { answer, state };
}

describe.skipIf(testEngine === 'postgres')('durableHandle on SQLite', () => {
	it('answers a form that saved only once the log is on the disk', async () => {
		const { answer, state } = request('POST');
		while (syncs.length === 0) await tick();
		expect(syncs[0].path).toBe(`${env.path}-wal`);
		for (let i = 0; i < 3; i++) await tick();
		// Committed, but a power cut now could still take it back: no "saved" yet.
		expect(state.answered).toBe(false);
		syncs[0].end();
		expect(await (await answer).text()).toBe('saved');
	});

	it('fails the request when the log cannot be put on the disk, rather than report a save that may not last', async () => {
		const { answer } = request('DELETE');
		while (syncs.length === 0) await tick();
		syncs[0].fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
		await expect(answer).rejects.toThrow('EIO');
	});

	it('does not hold pages, nor the outbox, which waits for the disk in its own write groups', async () => {
		expect((await request('GET').answer).status).toBe(200);
		expect((await request('POST', '/api/sync').answer).status).toBe(200);
		expect(syncs).toHaveLength(0);
	});

	it('syncs the real log file', async () => {
		const synced: string[] = [];
		logFiles.sync = async (path) => {
			synced.push(path);
			await realLogSync(path);
		};
		expect(await (await request('PUT').answer).text()).toBe('saved');
		expect(synced).toEqual([`${env.path}-wal`]);
	});
});

describe.skipIf(testEngine !== 'postgres')('durableHandle on PostgreSQL', () => {
	it('answers at once: the commit waited for the log already', async () => {
		expect(await (await request('POST').answer).text()).toBe('saved');
		expect(syncs).toHaveLength(0);
	});
});
