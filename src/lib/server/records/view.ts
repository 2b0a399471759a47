import { error } from '@sveltejs/kit';
import { asc } from 'drizzle-orm';
import { chinaIsoDay } from '../../dates.ts';
import { audit } from '../audit.ts';
import { listCourses } from '../content/index.ts';
import { config } from '../config.ts';
import { db, perDatabase } from '../db/index.ts';
import { villages } from '../db/schema.ts';
import { byCourse, byVillage, chinaMonthStart, learnerCounts, overview } from './dashboard.ts';
import { scopeKey, townshipIn, type RecordsScope } from './scope.ts';
import { recordsCsvStream, recordsXlsxStream } from './export.ts';
import { needsHelp } from './learners.ts';
import { countRecordRows, type RecordFilter } from './rows.ts';
import { parseId } from '../params.ts';
import { villageRanking } from '../village/ranking.ts';

/** The dashboard's counts over the whole scope: the dear part of the page (every learner of the scope is read). */
async function countScope(scope: RecordsScope, now: Date) {
	const counts = await learnerCounts(scope, now);
	return {
		countedAt: now,
		overview: await overview(scope, now, counts),
		villages: await byVillage(scope, now, counts),
		// The villages compared (issue 16), from the same learner counts.
		ranking: (await villageRanking(scope, now, counts)).villages,
		courses: await byCourse(scope)
	};
}

type ScopeCounts = Awaited<ReturnType<typeof countScope>>;
/** Per database (a test's fresh one starts empty), per scope: the counts last made in this process. */
const kept = perDatabase<string, ScopeCounts>();

/**
 * The scope's counts, made again once they are older than the setting (a minute by default). Over a county's
 * 100,000 learners they take a few hundred milliseconds, the same for every staff member of the township, and
 * a minute's delay changes nothing staff decide; in the evening the server's time goes to the phones' syncs.
 * The page says when they were counted. A new China month starts them again (the monthly figures roll over).
 */
async function scopeCounts(scope: RecordsScope, now: Date): Promise<ScopeCounts> {
	const maxAgeMs = config().dashboardCountsSeconds * 1000;
	const byScope = kept();
	const key = scopeKey(scope);
	const last = byScope.get(key);
	const age = last ? now.getTime() - last.countedAt.getTime() : Infinity;
	if (
		last &&
		age >= 0 &&
		age < maxAgeMs &&
		chinaMonthStart(last.countedAt).getTime() === chinaMonthStart(now).getTime()
	)
		return last;
	const fresh = await countScope(scope, now);
	if (maxAgeMs > 0) byScope.set(key, fresh);
	return fresh;
}

/** Everything the dashboard page shows for a township, a county's townships, or the whole database (null). */
export async function dashboardData(scope: RecordsScope, now = new Date()) {
	return {
		...(await scopeCounts(scope, now)),
		// Who needs help stays current: staff act on it and come back to the page.
		needsHelp: await needsHelp(scope, now, 100),
		courseTitles: Object.fromEntries((await listCourses()).map((c) => [c.slug, c.title])),
		villageOptions: await db
			.select({ id: villages.id, name: villages.name })
			.from(villages)
			.where(townshipIn(villages.townshipId, scope))
			.orderBy(asc(villages.code))
	};
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Dates typed in the form are China calendar days.
const chinaDay = (value: string | null, plusDays = 0) =>
	value && DATE.test(value) ? new Date(Date.parse(`${value}T00:00:00+08:00`) + plusDays * 86_400_000) : undefined;

/** The export filter from a query string, inside the caller's scope. */
export function filterFromQuery(scope: RecordsScope, query: URLSearchParams): RecordFilter {
	return {
		townshipId: scope,
		villageId: parseId(query.get('village')) ?? undefined,
		courseSlug: query.get('course') || undefined,
		from: chinaDay(query.get('from')),
		to: chinaDay(query.get('to'), 1),
		certifiedOnly: query.get('certified') === '1'
	};
}

/** A streamed CSV or XLSX download of the records; every export is written to the audit log. */
export async function exportResponse(filter: RecordFilter, format: string | null, actorId: number): Promise<Response> {
	if (format !== 'csv' && format !== 'xlsx') error(400, 'format must be csv or xlsx');
	await audit({
		actorId,
		action: 'records_export',
		targetType: 'records',
		// A county's export is logged without a township (its townships are in the detail).
		townshipId: typeof filter.townshipId === 'number' ? filter.townshipId : null,
		detail: { format, ...filter, from: filter.from?.toISOString(), to: filter.to?.toISOString() }
	});
	const stamp = chinaIsoDay(new Date());
	const name = `zhizhi-records-${stamp}.${format}`;
	const type =
		format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
	const body = format === 'csv' ? recordsCsvStream(filter) : recordsXlsxStream(filter);
	return new Response(body, {
		headers: {
			'content-type': type,
			'content-disposition': `attachment; filename="${name}"`,
			'cache-control': 'no-store',
			// The number of records on their way: the page shows how far a large export has come.
			'x-record-count': String(await countRecordRows(filter))
		}
	});
}
