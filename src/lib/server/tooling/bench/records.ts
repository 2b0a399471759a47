import { readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../auth/password.ts';
import { openDatabase } from '../../db/index.ts';
import { townships, users } from '../../db/schema.ts';
import { percentile, timeRequests, type BenchServer } from './server.ts';
import { first } from '../../db/dialect.ts';

const PASSWORD = 'bench-password-2026';

async function signInCookie(server: BenchServer, username: string): Promise<string> {
	const response = await fetch(`${server.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ identifier: username, password: PASSWORD })
	});
	return (response.headers.get('set-cookie') ?? '').split(';')[0];
}

/** A process's resident memory (Linux), in MB: now (VmRSS) or its peak so far (VmHWM). */
function rssMb(pid: number, which: 'VmRSS' | 'VmHWM'): number | null {
	try {
		const kb = new RegExp(`${which}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
		return kb ? Math.round(Number(kb) / 1024) : null;
	} catch {
		return null;
	}
}
const peakRssMb = (pid: number) => rssMb(pid, 'VmHWM');
const currentRssMb = (pid: number) => rssMb(pid, 'VmRSS');

/** Starts a new peak for {@link peakRssMb} (Linux: writing 5 to clear_refs resets VmHWM). */
function resetPeakRss(pid: number): void {
	try {
		writeFileSync(`/proc/${pid}/clear_refs`, '5');
	} catch {
		// Not Linux, or not allowed: the peak then covers the whole run.
	}
}

/** A staff member of the first township and a county admin, with a known password, in the bench county. */
export async function ensureBenchAccounts(databasePath: string): Promise<void> {
	const db = openDatabase(databasePath);
	const township = (await first(db.select().from(townships).limit(1)))!;
	const passwordHash = await hashPassword(PASSWORD);
	for (const [username, role, townshipId] of [
		['bench-staff', 'staff', township.id],
		['bench-admin', 'admin', null]
	] as const) {
		if (!(await first(db.select().from(users).where(eq(users.username, username))))) {
			await db.insert(users).values({ role, name: username, username, townshipId, passwordHash });
		}
	}
	db.$client.close();
}

/**
 * The county's records as XLSX, on a freshly started server (so its peak is the export's own): time, size,
 * and the server's resident memory before and at its peak.
 */
export async function benchRecordsXlsx(server: BenchServer & { pid?: number }): Promise<Record<string, unknown>> {
	await ensureBenchAccounts(server.databasePath);
	const admin = await signInCookie(server, 'bench-admin');
	const rssBeforeMB = server.pid ? currentRssMb(server.pid) : null;
	if (server.pid) resetPeakRss(server.pid);
	const start = performance.now();
	const response = await fetch(`${server.origin}/admin/records/export?format=xlsx`, { headers: { cookie: admin } });
	const bytes = (await response.arrayBuffer()).byteLength;
	return {
		countyXlsxExportSeconds: +((performance.now() - start) / 1000).toFixed(1),
		countyXlsxMB: +(bytes / 1024 / 1024).toFixed(1),
		serverRssBeforeMB: rssBeforeMB,
		serverPeakRssMB: server.pid ? peakRssMb(server.pid) : null
	};
}

/**
 * Township records at county scale, over HTTP against the production build and a database made by
 * `npm run bench:seed`: dashboard pages p50/p95 for a township's staff and for the county admin, and the time
 * and the server's peak memory for exporting every record of the county.
 */
export async function benchRecords(
	server: BenchServer & { pid?: number },
	rounds = 20
): Promise<Record<string, unknown>> {
	await ensureBenchAccounts(server.databasePath);
	const staff = await signInCookie(server, 'bench-staff');
	const admin = await signInCookie(server, 'bench-admin');
	// The export first, on the freshly started server, so its peak is the export's own (the whole process).
	const rssBeforeExportMB = server.pid ? currentRssMb(server.pid) : null;
	if (server.pid) resetPeakRss(server.pid);
	const start = performance.now();
	const response = await fetch(`${server.origin}/admin/records/export?format=csv`, { headers: { cookie: admin } });
	const bytes = (await response.arrayBuffer()).byteLength;
	const exportSeconds = (performance.now() - start) / 1000;
	const exportPeakMB = server.pid ? peakRssMb(server.pid) : null;
	const staffPage = await timeRequests(`${server.origin}/staff/records`, rounds, { cookie: staff });
	const countyPage = await timeRequests(`${server.origin}/admin/records`, rounds, { cookie: admin });
	// A trainer's view of one course (admins may open it too): lesson counts and the latest attempts marked.
	const coursePage = await timeRequests(`${server.origin}/trainer/courses/raising-chickens`, rounds, { cookie: admin });
	return {
		staffDashboardP50ms: +percentile(staffPage, 50).toFixed(0),
		staffDashboardP95ms: +percentile(staffPage, 95).toFixed(0),
		countyDashboardP50ms: +percentile(countyPage, 50).toFixed(0),
		countyDashboardP95ms: +percentile(countyPage, 95).toFixed(0),
		trainerCourseP50ms: +percentile(coursePage, 50).toFixed(0),
		trainerCourseP95ms: +percentile(coursePage, 95).toFixed(0),
		countyCsvExportSeconds: +exportSeconds.toFixed(1),
		countyCsvMB: +(bytes / 1024 / 1024).toFixed(1),
		serverRssBeforeExportMB: rssBeforeExportMB,
		serverPeakRssDuringExportMB: exportPeakMB
	};
}
