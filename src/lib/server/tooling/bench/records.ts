import { readFileSync, writeFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { hashPassword } from '../../auth/password.ts';
import { closeDatabase } from '../../db/index.ts';
import { townships, users } from '../../db/schema.ts';
import { openBenchDatabase, percentile, timeRequests, type BenchServer } from './server.ts';
import { first } from '../../db/dialect.ts';
import { countyOfTownship } from '../../db/county.ts';

const PASSWORD = 'bench-password-2026';

async function signInCookie(server: BenchServer, username: string): Promise<string> {
	const response = await fetch(`${server.origin}/login`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin: server.origin, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
		body: new URLSearchParams({ identifier: username, password: PASSWORD })
	});
	const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0];
	// Without a session, every page would answer with the sign-in page, and its times would be measured instead.
	if (!cookie.startsWith('session=')) throw new Error(`Signing in as ${username} failed (${response.status}).`);
	return cookie;
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

/**
 * A staff member of the first township and a county admin, with a known password, in the bench county (a SQLite
 * file or a postgres:// URL).
 */
export async function ensureBenchAccounts(database: string): Promise<void> {
	const db = openBenchDatabase(database);
	try {
		const township = (await first(db.select().from(townships).orderBy(townships.id).limit(1)))!;
		const passwordHash = await hashPassword(PASSWORD);
		for (const [username, role, townshipId] of [
			['bench-staff', 'staff', township.id],
			['bench-admin', 'admin', null]
		] as const) {
			if (!(await first(db.select().from(users).where(eq(users.username, username))))) {
				await db
					.insert(users)
					.values({ role, name: username, username, townshipId, countyId: countyOfTownship(townshipId), passwordHash });
			}
		}
	} finally {
		await closeDatabase(db);
	}
}

/**
 * One measurement of the bench: its figures, or `<name>Failed` with why (a page that answers an error), so one
 * failing page does not hide the others' figures.
 */
async function measure(name: string, work: () => Promise<Record<string, unknown>>): Promise<Record<string, unknown>> {
	try {
		return await work();
	} catch (error) {
		return { [`${name}Failed`]: (error as Error).message.slice(0, 300) };
	}
}

/** A whole export downloaded: its size, its time, and the server's memory before it and at its peak. */
async function timeExport(server: BenchServer & { pid?: number }, cookie: string, format: 'csv' | 'xlsx') {
	const rssBeforeMB = server.pid ? currentRssMb(server.pid) : null;
	if (server.pid) resetPeakRss(server.pid);
	const start = performance.now();
	const response = await fetch(`${server.origin}/admin/records/export?format=${format}`, { headers: { cookie } });
	if (!response.ok) throw new Error(`/admin/records/export?format=${format}: ${response.status}`);
	const bytes = (await response.arrayBuffer()).byteLength;
	return {
		seconds: +((performance.now() - start) / 1000).toFixed(1),
		MB: +(bytes / 1024 / 1024).toFixed(1),
		rssBeforeMB,
		peakRssMB: server.pid ? peakRssMb(server.pid) : null
	};
}

/**
 * The county's records as XLSX, on a freshly started server (so its peak is the export's own): time, size,
 * and the server's resident memory before and at its peak.
 */
export async function benchRecordsXlsx(server: BenchServer & { pid?: number }): Promise<Record<string, unknown>> {
	await ensureBenchAccounts(server.database);
	const admin = await signInCookie(server, 'bench-admin');
	return measure('countyXlsxExport', async () => {
		const xlsx = await timeExport(server, admin, 'xlsx');
		return {
			countyXlsxExportSeconds: xlsx.seconds,
			countyXlsxMB: xlsx.MB,
			serverRssBeforeMB: xlsx.rssBeforeMB,
			serverPeakRssMB: xlsx.peakRssMB
		};
	});
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
	await ensureBenchAccounts(server.database);
	const staff = await signInCookie(server, 'bench-staff');
	const admin = await signInCookie(server, 'bench-admin');
	const page = (name: string, path: string, cookie: string) =>
		measure(name, async () => {
			const times = await timeRequests(`${server.origin}${path}`, rounds, { cookie });
			return {
				[`${name}P50ms`]: +percentile(times, 50).toFixed(0),
				[`${name}P95ms`]: +percentile(times, 95).toFixed(0)
			};
		});
	// The export first, on the freshly started server, so its peak is the export's own (the whole process).
	const csv = await measure('countyCsvExport', async () => {
		const result = await timeExport(server, admin, 'csv');
		return {
			countyCsvExportSeconds: result.seconds,
			countyCsvMB: result.MB,
			serverRssBeforeExportMB: result.rssBeforeMB,
			serverPeakRssDuringExportMB: result.peakRssMB
		};
	});
	return {
		...(await page('staffDashboard', '/staff/records', staff)),
		...(await page('countyDashboard', '/admin/records', admin)),
		// A trainer's view of one course (admins may open it too): lesson counts and the latest attempts marked.
		...(await page('trainerCourse', '/trainer/courses/raising-chickens', admin)),
		...csv
	};
}
