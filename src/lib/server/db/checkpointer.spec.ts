import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCheckpointer, type CheckpointResult, type Checkpointer } from './checkpointer.ts';
import { openDatabase, type Db } from './index.ts';

let dir: string;
let db: Db;
let checkpointer: Checkpointer | undefined;
afterEach(async () => {
	await checkpointer?.stop();
	db?.$client.close();
	rmSync(dir, { recursive: true, force: true });
});

describe('the WAL checkpointer', () => {
	it('copies the log into the database on its own thread while the app only writes', async () => {
		dir = mkdtempSync(join(tmpdir(), 'zhizhi-checkpoint-'));
		const path = join(dir, 'app.db');
		db = openDatabase(path);
		// The app's connection never checkpoints here: only the thread can.
		db.$client.pragma('wal_autocheckpoint = 0');
		db.$client.exec('create table notes (id integer primary key, body text)');
		const insert = db.$client.prepare('insert into notes (body) values (?)');
		for (let i = 0; i < 200; i++) insert.run('记'.repeat(2000));
		const results: CheckpointResult[] = [];
		const done = new Promise<CheckpointResult>((resolve) => {
			checkpointer = startCheckpointer(path, {
				everyMs: 20,
				onCheckpoint: (result) => {
					results.push(result);
					if (result.log > 0 && result.checkpointed === result.log) resolve(result);
				}
			});
		});
		const whole = await done;
		// 200 rows of 6,000 bytes: well over a hundred pages of log, all of them now in the file.
		expect(whole.log).toBeGreaterThan(100);
		expect(whole.busy).toBe(0);
		// The rows are all there, read through the app's connection.
		expect(db.$client.prepare('select count(*) as n from notes').get()).toEqual({ n: 200 });
	});

	it('stops when asked, and a stopped one leaves the database usable', async () => {
		dir = mkdtempSync(join(tmpdir(), 'zhizhi-checkpoint-'));
		const path = join(dir, 'app.db');
		db = openDatabase(path);
		const first = new Promise<void>((resolve) => {
			checkpointer = startCheckpointer(path, { everyMs: 10, onCheckpoint: () => resolve() });
		});
		await first;
		await checkpointer!.stop();
		checkpointer = undefined;
		db.$client.exec('create table t (x)');
		db.$client.exec('insert into t values (1)');
		expect(db.$client.pragma('wal_checkpoint(TRUNCATE)', { simple: false })).toEqual([
			{ busy: 0, log: 0, checkpointed: 0 }
		]);
	});
});
