import { eq } from 'drizzle-orm';
import { generateCertificateNumber } from '../../certificates/number.ts';
import { closeDatabase } from '../../db/index.ts';
import { certificates, users } from '../../db/schema.ts';
import { openBenchDatabase, percentile, timeRequests, type BenchServer } from './server.ts';
import { first as firstRow } from '../../db/dialect.ts';

/**
 * Certificate PDFs as a learner downloads them: size (target < 100 KB) and time to make one, first and
 * repeated, over HTTP against the production build.
 */
export async function benchCertificates(server: BenchServer, count = 30): Promise<Record<string, unknown>> {
	const db = openBenchDatabase(server.database);
	const learner = (await firstRow(db.select().from(users).where(eq(users.username, '13800000001'))))!;
	const number = generateCertificateNumber();
	await db
		.insert(certificates)
		.values({
			number,
			userId: learner.id,
			courseSlug: 'raising-chickens',
			courseTitle: '家庭养鸡',
			contentVersion: 'bench',
			score: 92,
			townshipId: learner.townshipId!,
			countyId: learner.countyId,
			issuedAt: new Date()
		})
		.onConflictDoNothing();
	await closeDatabase(db);

	const login = await fetch(`${server.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ identifier: '13800000001', password: '123456' })
	});
	const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
	const url = `${server.origin}/certificates/${number}.pdf`;
	const firstStart = performance.now();
	const first = await fetch(url, { headers: { cookie } });
	const bytes = (await first.arrayBuffer()).byteLength;
	const firstMs = performance.now() - firstStart;
	if (!first.ok) throw new Error(`PDF request failed: ${first.status}`);
	const times = await timeRequests(url, count, { cookie });
	return {
		pdfKB: +(bytes / 1024).toFixed(1),
		firstMs: +firstMs.toFixed(0),
		p50ms: +percentile(times, 50).toFixed(0),
		p95ms: +percentile(times, 95).toFixed(0)
	};
}
