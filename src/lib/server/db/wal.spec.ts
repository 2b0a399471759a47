// Several server processes opening a new SQLite file at once (a fresh install: `npm start` runs one per core) must
// all get it in WAL mode. Threads stand in for the processes: SQLite's locks between connections work alike.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';

const THREADS = 8;
// Without the retry in useWal, each run here had opens told "database is locked": 800 opens make that certain.
const ROUNDS = 100;

// Each round, every thread is given the round's file and waits at the start; then all open it as the app does.
const thread = `
require('tsx/cjs');
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const { BUSY_TIMEOUT_MS, useWal } = require(${JSON.stringify(resolve('src/lib/server/db/wal.ts'))});
parentPort.on('message', ({ file, round }) => {
	parentPort.postMessage('at the start');
	Atomics.wait(workerData.start, 0, round);
	let answer;
	try {
		const client = new Database(file);
		client.pragma('busy_timeout = ' + BUSY_TIMEOUT_MS);
		useWal(client);
		answer = client.pragma('journal_mode', { simple: true });
		client.close();
	} catch (error) {
		answer = error.code + ': ' + error.message;
	}
	parentPort.postMessage(answer);
});
parentPort.postMessage('ready');
`;

const dir = mkdtempSync(join(tmpdir(), 'zhizhi-wal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a new SQLite file opened by several processes at once', () => {
	it('is switched to WAL for every one of them, with none told "database is locked"', async () => {
		const start = new Int32Array(new SharedArrayBuffer(4));
		const threads = Array.from({ length: THREADS }, () => new Worker(thread, { eval: true, workerData: { start } }));
		const next = (worker: Worker) =>
			new Promise<string>((done, fail) => {
				const onMessage = (answer: string) => {
					worker.off('error', onError);
					done(answer);
				};
				const onError = (error: Error) => {
					worker.off('message', onMessage);
					fail(error);
				};
				worker.once('message', onMessage).once('error', onError);
			});
		try {
			await Promise.all(threads.map(next));
			const answers: string[] = [];
			for (let round = 0; round < ROUNDS; round++) {
				const atStart = threads.map(next);
				for (const worker of threads) worker.postMessage({ file: join(dir, `${round}.db`), round });
				// Every thread waits at the start before any may open the file; then all go at once.
				await Promise.all(atStart);
				const waiting = threads.map(next);
				Atomics.store(start, 0, round + 1);
				Atomics.notify(start, 0);
				answers.push(...(await Promise.all(waiting)));
			}
			expect(answers.filter((answer) => answer !== 'wal')).toEqual([]);
			expect(answers).toHaveLength(THREADS * ROUNDS);
		} finally {
			await Promise.all(threads.map((worker) => worker.terminate()));
		}
	}, 60_000);
});
