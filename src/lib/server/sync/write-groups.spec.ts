import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Tx } from '../db/index.ts';
import { testEngine } from '../tooling/test-engine.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { groupLimits, inWriteGroup } from './write-groups.ts';
import { rawRun } from '../db/dialect.ts';
import { logFiles } from '../db/wal.ts';
import { holdLogSyncs, realLogSync, releaseLogSyncs, tick } from '../tooling/held-log-syncs.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
const limits = { ...groupLimits };
beforeEach(async () => {
	env = await useFreshDatabase();
});
afterEach(() => {
	Object.assign(groupLimits, limits);
	releaseLogSyncs();
	return env.cleanup();
});

const addCounty = async (tx: Tx, code: string) =>
	await rawRun(tx, sql`insert into counties (code, name) values (${code}, ${code})`);
const countyCodes = () =>
	(env.db.$client.prepare('select code from counties order by code').all() as { code: string }[]).map((r) => r.code);
/** A second connection to the same file, as another server process has. */
const otherProcess = () => {
	const other = new Database(env.path);
	other.pragma('busy_timeout = 5000');
	return other;
};

// SQLite's group commit; on PostgreSQL each batch takes a transaction of its own (inWriteGroup), which the sync
// tests cover there.
describe.skipIf(testEngine === 'postgres')('sync write groups', () => {
	it('write the batches waiting together in one transaction, and answer each with its own result', async () => {
		// What another process sees: nothing of the group until all of it is committed.
		const other = otherProcess();
		const seen: number[] = [];
		const results = await Promise.all(
			['g-a', 'g-b', 'g-c'].map((code) =>
				inWriteGroup(async (tx) => {
					await addCounty(tx, code);
					seen.push(
						(other.prepare("select count(*) as n from counties where code like 'g-%'").get() as { n: number }).n
					);
					return code.toUpperCase();
				})
			)
		);
		other.close();
		expect(results).toEqual(['G-A', 'G-B', 'G-C']);
		expect(seen).toEqual([0, 0, 0]);
		expect(countyCodes()).toEqual(['g-a', 'g-b', 'g-c']);
	});

	it('undo only the batch that fails, and keep the others of its group', async () => {
		const [a, bad, c] = await Promise.allSettled([
			inWriteGroup((tx) => addCounty(tx, 'k-a')),
			inWriteGroup(async (tx) => {
				await addCounty(tx, 'k-bad');
				throw new Error('a batch that breaks half way');
			}),
			inWriteGroup((tx) => addCounty(tx, 'k-c'))
		]);
		expect(a.status).toBe('fulfilled');
		expect(bad).toMatchObject({ status: 'rejected', reason: { message: 'a batch that breaks half way' } });
		expect(c.status).toBe('fulfilled');
		expect(countyCodes()).toEqual(['k-a', 'k-c']);
	});

	it('answer no batch of a group whose commit fails, and write none of it', async () => {
		const outcomes = await Promise.allSettled([
			inWriteGroup((tx) => addCounty(tx, 'c-a')),
			inWriteGroup(async (tx) => {
				// A foreign key checked only at commit: the commit of the whole group fails.
				await rawRun(tx, sql`pragma defer_foreign_keys = on`);
				await rawRun(tx, sql`insert into townships (county_id, code, name) values (999999, 'nowhere', 'nowhere')`);
			})
		]);
		expect(outcomes.map((o) => o.status)).toEqual(['rejected', 'rejected']);
		expect(countyCodes()).toEqual([]);
		// The next group writes as usual.
		await inWriteGroup((tx) => addCounty(tx, 'c-next'));
		expect(countyCodes()).toEqual(['c-next']);
	});

	it('serve other work while another process holds the write lock, then write', async () => {
		const other = otherProcess();
		other.prepare('begin immediate').run();
		let written = false;
		const batch = inWriteGroup(async (tx) => {
			await addCounty(tx, 'l-a');
			written = true;
		});
		// Timers still run: the process is not stuck inside SQLite waiting for the lock.
		for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 5));
		expect(written).toBe(false);
		other.prepare("insert into counties (code, name) values ('l-other', 'l-other')").run();
		other.prepare('commit').run();
		other.close();
		await batch;
		expect(countyCodes()).toEqual(['l-a', 'l-other']);
	});

	it('answer once the commit is on the disk, not before: the log is synced after the commit', async () => {
		const syncs = holdLogSyncs();
		let answered = false;
		const batch = inWriteGroup((tx) => addCounty(tx, 'd-a')).then((value) => {
			answered = true;
			return value;
		});
		while (syncs.length === 0) await tick();
		expect(syncs[0].path).toBe(`${env.path}-wal`);
		// Committed (another process sees it), but not yet answered: a power cut now could still take it back.
		const other = otherProcess();
		expect(other.prepare("select count(*) as n from counties where code = 'd-a'").get()).toEqual({ n: 1 });
		other.close();
		for (let i = 0; i < 3; i++) await tick();
		expect(answered).toBe(false);
		syncs[0].end();
		await batch;
		expect(answered).toBe(true);
	});

	it('share one sync among the groups that commit while one runs, and let the next group write meanwhile', async () => {
		Object.assign(groupLimits, { batches: 1, ms: 60_000 });
		const syncs = holdLogSyncs();
		const answered: string[] = [];
		const batches = ['s-a', 's-b', 's-c'].map((code) =>
			inWriteGroup((tx) => addCounty(tx, code)).then(() => answered.push(code))
		);
		while (syncs.length === 0) await tick();
		// The two other groups write while the first one's sync runs; both wait for the one sync after it.
		while (countyCodes().length < 3) await tick();
		expect(syncs).toHaveLength(1);
		syncs[0].end();
		while (syncs.length < 2) await tick();
		for (let i = 0; i < 3; i++) await tick();
		expect(answered).toEqual(['s-a']);
		expect(syncs).toHaveLength(2);
		syncs[1].end();
		await Promise.all(batches);
		expect(answered).toEqual(['s-a', 's-b', 's-c']);
	});

	it('answer an error when the log cannot be put on the disk, so the phone keeps its events and sends again', async () => {
		const syncs = holdLogSyncs();
		const batch = inWriteGroup((tx) => addCounty(tx, 'f-a'));
		while (syncs.length === 0) await tick();
		syncs[0].fail(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
		await expect(batch).rejects.toThrow('EIO');
		// The next group is synced (and answered) as usual.
		releaseLogSyncs();
		await inWriteGroup((tx) => addCounty(tx, 'f-b'));
		expect(countyCodes()).toEqual(['f-a', 'f-b']);
	});

	it('sync the real log file, and take a log that is not there as nothing to sync', async () => {
		const synced: string[] = [];
		logFiles.sync = async (path) => {
			synced.push(path);
			await realLogSync(path);
		};
		await inWriteGroup((tx) => addCounty(tx, 'r-a'));
		expect(synced).toEqual([`${env.path}-wal`]);
		await expect(realLogSync(`${env.path}-not-there`)).resolves.toBeUndefined();
	});

	it('take at most their number of batches, so what else came in is served between two groups', async () => {
		Object.assign(groupLimits, { batches: 4, ms: 60_000 });
		const log: string[] = [];
		const batches = Array.from({ length: 6 }, (_, i) =>
			inWriteGroup(async (tx) => {
				await addCounty(tx, `m-${i}`);
				// A page's request, arriving while the first group writes.
				if (i === 0) setImmediate(() => log.push('page'));
				log.push(`batch ${i}`);
			})
		);
		await Promise.all(batches);
		expect(log).toEqual(['batch 0', 'batch 1', 'batch 2', 'batch 3', 'page', 'batch 4', 'batch 5']);
		expect(countyCodes()).toHaveLength(6);
	});

	it('stop taking batches once a group has written for its time', async () => {
		Object.assign(groupLimits, { batches: 1000, ms: 5 });
		const log: string[] = [];
		/** A batch whose writing takes a whole group's time. */
		const slow = (i: number) =>
			inWriteGroup(async (tx) => {
				await addCounty(tx, `t-${i}`);
				if (i === 0) setImmediate(() => log.push('page'));
				const until = performance.now() + groupLimits.ms;
				while (performance.now() < until) {
					/* writing */
				}
				log.push(`batch ${i}`);
			});
		await Promise.all([0, 1, 2].map(slow));
		expect(log).toEqual(['batch 0', 'page', 'batch 1', 'batch 2']);
	});

	it('answer the batches of a group one by one, with pages in between', async () => {
		Object.assign(groupLimits, { batches: 1000, ms: 60_000 });
		const log: string[] = [];
		await Promise.all(
			[0, 1, 2].map((i) =>
				inWriteGroup((tx) => addCounty(tx, `a-${i}`)).then(() => {
					log.push(`answer ${i}`);
					if (i === 0) setImmediate(() => log.push('page'));
				})
			)
		);
		// Answered all at once, the page would come last.
		expect(log).toEqual(['answer 0', 'answer 1', 'page', 'answer 2']);
	});
});
