import { describe, expect, it } from 'vitest';
import { openDatabase, setDb } from '../../db/index.ts';
import { recordsCsvStream, recordsXlsxStream } from '../../records/export.ts';

// RECORDS_BENCH_DB=/path/to/bench.db npx vitest run src/lib/server/tooling/bench/export-bench  (after npm run bench:seed)
const path = process.env.RECORDS_BENCH_DB;

async function drain(
	stream: ReadableStream<Uint8Array>
): Promise<{ bytes: number; seconds: number; peakRssMB: number }> {
	const started = performance.now();
	let bytes = 0;
	let peak = 0;
	for await (const chunk of stream as unknown as AsyncIterable<Uint8Array>) {
		bytes += chunk.byteLength;
		peak = Math.max(peak, process.memoryUsage().rss);
	}
	return { bytes, seconds: +((performance.now() - started) / 1000).toFixed(2), peakRssMB: Math.round(peak / 2 ** 20) };
}

describe.skipIf(!path)('records export at county scale', () => {
	it('streams every record as CSV and XLSX', { timeout: 120_000 }, async () => {
		await setDb(openDatabase(path!));
		const csv = await drain(recordsCsvStream({ townshipId: null }));
		console.log(JSON.stringify({ bench: 'records-csv', ...csv }));
		const xlsx = await drain(recordsXlsxStream({ townshipId: null }));
		console.log(JSON.stringify({ bench: 'records-xlsx', ...xlsx }));
		expect(csv.bytes).toBeGreaterThan(0);
	});
});
