import { describe, expect, it } from 'vitest';
import { fetchExport, type ExportProgress } from './download.ts';

function response(chunks: string[], headers: Record<string, string>, status = 200): typeof fetch {
	const encoder = new TextEncoder();
	return async () =>
		new Response(
			new ReadableStream<Uint8Array>({
				start(controller) {
					for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
					controller.close();
				}
			}),
			{ status, headers }
		);
}

describe('fetchExport', () => {
	it('counts CSV records as they arrive against the total the server announced', async () => {
		const seen: ExportProgress[] = [];
		const file = await fetchExport(
			'/staff/records/export?format=csv',
			(p) => seen.push(p),
			response(['\uFEFF乡镇,村\r\n金河镇,', '金河村\r\n金河镇,新', '安村\r\n'], {
				'content-type': 'text/csv; charset=utf-8',
				'content-disposition': 'attachment; filename="zhizhi-records-2026-11-29.csv"',
				'x-record-count': '2'
			})
		);
		expect(seen.map((p) => p.rows)).toEqual([0, 1, 2]);
		expect(seen.every((p) => p.total === 2)).toBe(true);
		expect(file.filename).toBe('zhizhi-records-2026-11-29.csv');
		expect(file.total).toBe(2);
		const bytes = new Uint8Array(await file.blob.arrayBuffer());
		expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		expect(new TextDecoder().decode(bytes)).toBe('乡镇,村\r\n金河镇,金河村\r\n金河镇,新安村\r\n');
	});

	it('reports bytes only for a workbook, whose records cannot be counted on the way', async () => {
		const seen: ExportProgress[] = [];
		await fetchExport(
			'/x?format=xlsx',
			(p) => seen.push(p),
			response(['PK..', '....'], {
				'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
				'x-record-count': '5'
			})
		);
		expect(seen).toEqual([
			{ rows: null, total: 5, bytes: 4 },
			{ rows: null, total: 5, bytes: 8 }
		]);
	});

	it('fails on a refused export', async () => {
		await expect(fetchExport('/x', () => undefined, response(['no'], {}, 403))).rejects.toThrow('403');
	});
});
