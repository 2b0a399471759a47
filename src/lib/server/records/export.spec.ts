// The records export page by page: the same bytes whatever the page size, and a download that stops holds the
// export back instead of filling the server's memory (issue 17: a county's export under 150 MB).
import ExcelJS from 'exceljs';
import { once } from 'node:events';
import { createServer, get, type IncomingMessage } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { setResponse } from '@sveltejs/kit/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { seedBenchCounty } from '../tooling/bench/bench-seed.ts';
import { recordsCsvStream, recordsXlsxStream } from './export.ts';
import { eachRecordRow, type RecordFilter, type RecordRow } from './rows.ts';
import { utf8Of } from './utf8.ts';

const NOW = new Date('2026-06-15T04:00:00Z');
let env: Awaited<ReturnType<typeof useFreshDatabase>>;
afterEach(() => env.cleanup());

const bytes = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer());
const sheetValues = async (stream: ReadableStream<Uint8Array>) => {
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.read(Readable.from(await bytes(stream)));
	return workbook.worksheets[0].getSheetValues();
};

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
		for (const size of [1, 2, 3, 7]) {
			expect((await bytes(recordsCsvStream(filter, size))).equals(csv), `CSV in pages of ${size}`).toBe(true);
			expect(await sheetValues(recordsXlsxStream(filter, size)), `XLSX in pages of ${size}`).toEqual(sheet);
		}
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
		// The app's own response writer (adapter-node's) over a socket with the kernel's usual buffers.
		const dir = mkdtempSync(join(tmpdir(), 'export-'));
		const socketPath = join(dir, 'http.sock');
		const server = createServer((_, res) => void setResponse(res, new Response(counted)));
		server.listen(socketPath);
		await once(server, 'listening');
		try {
			const [response] = (await once(get({ socketPath, path: '/' }), 'response')) as [IncomingMessage];
			response.pause();
			// Wait until the server stops producing: it is waiting for the reader (or, wrongly, done with the file).
			let last = -1;
			for (let still = 0; still < 10;) {
				await new Promise((r) => setTimeout(r, 20));
				still = produced === last ? still + 1 : 0;
				last = produced;
			}
			expect(produced).toBeGreaterThan(0);
			// Socket buffers (a few hundred KB) and a page or two, never the file.
			expect(produced).toBeLessThan(whole.length / 3);

			const chunks: Buffer[] = [];
			response.on('data', (chunk: Buffer) => chunks.push(chunk));
			response.resume();
			await once(response, 'end');
			expect(Buffer.concat(chunks).equals(whole)).toBe(true);
		} finally {
			server.close();
			rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe('utf8Of', () => {
	it('gives the bytes of the joined text, across its pieces', () => {
		const pieces = Array.from({ length: 5000 }, (_, i) => `金河镇,${i},"说""好""",🐔\r\n`);
		expect(utf8Of(pieces).equals(Buffer.from(pieces.join('')))).toBe(true);
		expect(utf8Of([]).length).toBe(0);
	});
});
