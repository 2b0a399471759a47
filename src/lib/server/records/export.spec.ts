// The records export page by page: the same bytes whatever the page size, and a download that stops holds the
// export back instead of filling the server's memory (issue 17: a county's export under 150 MB).
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createServer, get, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setResponse } from '@sveltejs/kit/node';
import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { engineOf, readersOpen } from '../db/index.ts';
import { rawRun } from '../db/dialect.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';
import { recordsCsvStream, recordsXlsxStream } from './export.ts';
import { eachRecordPage, eachRecordRow, type RecordFilter, type RecordRow } from './rows.ts';
import { utf8Of } from './utf8.ts';
import { xlsxSheetStream } from './xlsx.ts';

const NOW = new Date('2026-06-15T04:00:00Z');
let env: Awaited<ReturnType<typeof useFreshDatabase>> | undefined;
afterEach(async () => {
	await env?.cleanup();
	env = undefined;
});

const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const sheetValues = async (stream: ReadableStream<Uint8Array>) => {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.read(Readable.from(await bytes(stream)));
	return workbook.worksheets[0].getSheetValues();
};

/**
 * Serves `body` through the app's own response writer (adapter-node's) over a socket with the kernel's usual
 * buffers, to a reader that pauses: `made()` once the server has stopped making more (it waits for the reader, or,
 * wrongly, is done), then the whole download.
 */
async function pausedDownload(body: ReadableStream<Uint8Array>, made: () => number) {
	const dir = mkdtempSync(join(tmpdir(), 'export-'));
	const socketPath = join(dir, 'http.sock');
	const server = createServer((_, res) => void setResponse(res, new Response(body)));
	server.listen(socketPath);
	await once(server, 'listening');
	try {
		const [response] = (await once(get({ socketPath, path: '/' }), 'response')) as [IncomingMessage];
		response.pause();
		let last = -1;
		for (let still = 0; still < 10;) {
			await new Promise((r) => setTimeout(r, 20));
			still = made() === last ? still + 1 : 0;
			last = made();
		}
		const chunks: Buffer[] = [];
		response.on('data', (chunk: Buffer) => chunks.push(chunk));
		response.resume();
		await once(response, 'end');
		return { madeWhilePaused: last, bytes: Buffer.concat(chunks) };
	} finally {
		server.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

describe('records export pages', () => {
	beforeEach(async () => {
		env = await useFreshDatabase();
		await seedBenchCounty(env.db, {
			townships: 2,
			villagesPerTownship: 2,
			households: 30,
			learners: 90,
			now: NOW,
			seed: 7
		});
	});

	it('writes the same CSV and sheet whatever the page size, pages ending inside a learner and a household', async () => {
		const filter: RecordFilter = { townshipId: null };
		const rows: RecordRow[] = [];
		for await (const page of eachRecordRow(filter)) rows.push(...page);
		// Small pages end between two courses of one learner and between two learners of one household: the
		// keyset's (learner, course) position must pick up exactly after each.
		const followers = rows.slice(1).map((row, i) => [rows[i], row]);
		expect(followers.some(([a, b]) => a.userId === b.userId)).toBe(true);
		expect(followers.some(([a, b]) => a.userId !== b.userId && a.householdCode === b.householdCode)).toBe(true);

		const csv = await bytes(recordsCsvStream(filter));
		expect(csv.toString('utf8').trimEnd().split('\r\n')).toHaveLength(rows.length + 1);
		const sheet = await sheetValues(recordsXlsxStream(filter));
		expect(sheet.filter(Boolean)).toHaveLength(rows.length + 1);
		// The same moment for every workbook: the ZIP's entries carry it.
		const at = new Date('2026-06-15T10:00:00');
		const xlsx = await bytes(recordsXlsxStream(filter, undefined, at));
		for (const size of [1, 2, 3, 7]) {
			expect((await bytes(recordsCsvStream(filter, size))).equals(csv), `CSV in pages of ${size}`).toBe(true);
			expect((await bytes(recordsXlsxStream(filter, size, at))).equals(xlsx), `XLSX in pages of ${size}`).toBe(true);
		}
	});

	it("pages by the rows read, however many records the page's rendering takes", async () => {
		const filter: RecordFilter = { townshipId: null };
		const rows: RecordRow[] = [];
		for await (const page of eachRecordRow(filter)) rows.push(...page);
		// A page's records are made as the rendering takes them (rows.ts): one that takes only the first still gets
		// the next page after the last row read.
		const firsts: RecordRow[] = [];
		for await (const first of eachRecordPage(filter, (records) => records[Symbol.iterator]().next().value, 7))
			firsts.push(first!);
		expect(firsts).toEqual(rows.filter((_, i) => i % 7 === 0));
	});
});

describe('records export to a slow reader', () => {
	beforeEach(async () => {
		env = await useFreshDatabase();
		await seedBenchCounty(env.db, {
			townships: 2,
			villagesPerTownship: 4,
			households: 2500,
			learners: 7000,
			now: NOW,
			seed: 11
		});
		// With statistics, as a county's tables have them (autovacuum; db:move): without, PostgreSQL planned each
		// of the export's small pages as if for the whole county, and this test took 16 s instead of 7 s.
		await rawRun(env.db, sql`analyze`);
	});

	it('reads no further ahead than the download takes: a paused reader keeps the server at a few pages', async () => {
		const filter: RecordFilter = { townshipId: null };
		const whole = await bytes(recordsCsvStream(filter));
		// Many small pages, so that "a few pages" is far less than the file.
		const source = recordsCsvStream(filter, 50).getReader();
		let produced = 0;
		const counted = new ReadableStream<Uint8Array>(
			{
				async pull(controller) {
					const next = await source.read();
					if (next.done) return controller.close();
					produced += next.value.byteLength;
					controller.enqueue(next.value);
				},
				cancel: (reason) => source.cancel(reason)
			},
			{ highWaterMark: 0 }
		);
		const { madeWhilePaused, bytes: downloaded } = await pausedDownload(counted, () => produced);
		expect(madeWhilePaused).toBeGreaterThan(0);
		// Socket buffers (a few hundred KB) and a page or two, never the file.
		expect(madeWhilePaused).toBeLessThan(whole.length / 3);
		expect(downloaded.equals(whole)).toBe(true);
	});
});

describe("the export's own connection", () => {
	beforeEach(async () => {
		env = await useFreshDatabase();
		await seedBenchCounty(env.db, {
			townships: 1,
			villagesPerTownship: 2,
			households: 200,
			learners: 500,
			now: NOW,
			seed: 5
		});
	});

	it('is closed when the download ends, and when it is cancelled half way', async () => {
		const filter: RecordFilter = { townshipId: null };
		const before = readersOpen();
		// SQLite reads an export on a connection of its own (openReader); PostgreSQL on its pool.
		const opened = engineOf(env!.db) === 'sqlite' ? 1 : 0;
		for (const stream of [() => recordsCsvStream(filter, 50), () => recordsXlsxStream(filter, 50)]) {
			expect((await bytes(stream())).length).toBeGreaterThan(0);
			expect(readersOpen()).toBe(before);
			// Read until the rows are being read (an XLSX file starts with the workbook's other parts), a few pages in.
			const reader = stream().getReader();
			let reads = 0;
			while (reads < 3 || (opened > 0 && readersOpen() === before)) {
				expect((await reader.read()).done).toBe(false);
				reads++;
			}
			expect(readersOpen()).toBe(before + opened);
			await reader.cancel();
			await expect.poll(() => readersOpen()).toBe(before);
		}
	});
});

describe('XLSX export to a slow reader', () => {
	it("reads no further ahead than the download takes: a paused reader holds the sheet's pages back", async () => {
		// Pages of text that hardly compresses, so that socket buffers hold only a few of them.
		const PAGES = 400;
		let pulled = 0;
		const pages = (async function* () {
			for (let p = 0; p < PAGES; p++) {
				pulled++;
				const text = randomBytes(9000).toString('base64');
				yield Buffer.from(`<row r="${p + 2}"><c r="A${p + 2}" t="inlineStr"><is><t>${text}</t></is></c></row>`);
			}
		})();
		const { madeWhilePaused, bytes: file } = await pausedDownload(
			xlsxSheetStream('学习记录', ['乱码'], pages),
			() => pulled
		);
		expect(madeWhilePaused).toBeGreaterThan(0);
		expect(madeWhilePaused).toBeLessThan(PAGES / 3);
		expect(pulled).toBe(PAGES);
		// The end of central directory record closes the file.
		expect(file.readUInt32LE(file.length - 22)).toBe(0x06054b50);
	});
});

describe('utf8Of', () => {
	it('gives the bytes of the joined text, across its pieces', () => {
		const pieces = Array.from({ length: 5000 }, (_, i) => `金河镇,${i},"说""好""",🐔\r\n`);
		expect(utf8Of(pieces).equals(Buffer.from(pieces.join('')))).toBe(true);
		expect(utf8Of([]).length).toBe(0);
	});
});
