// The data of each printout page for a scope: staff pass their own township, admins what they chose as on their
// records page (records/admin-scope.ts: a township, or the whole county, which in a province's database is one
// county's townships). Null means "not found in this scope": the route answers 404.
import QRCode from 'qrcode';
import { asc, eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { townships, villages } from '../db/schema.ts';
import { formatEnrolmentCode } from '../enrolment/codes.ts';
import { followUpList } from '../followup/list.ts';
import { townshipIn, type RecordsScope } from '../records/scope.ts';
import { parseId } from '../params.ts';
import { ceremonyList, currentMonth, parseMonth, posterCode, villageInScope, villageRoster } from './sheets.ts';
import { first } from '../db/dialect.ts';

/** The township's name, or null for a county (the admin's page names it, or says "the county" in its own words). */
async function townshipName(scope: RecordsScope): Promise<string | null> {
	if (typeof scope !== 'number') return null;
	return (
		(await first(db.select({ name: townships.name }).from(townships).where(eq(townships.id, scope))))?.name ?? null
	);
}

/** What the printouts' index offers: the villages of the scope (for the roster) and this month. */
export async function printIndex(scope: RecordsScope, now = new Date()) {
	const list = await db
		.select({ id: villages.id, name: villages.name, township: townships.name })
		.from(villages)
		.innerJoin(townships, eq(townships.id, villages.townshipId))
		.where(townshipIn(villages.townshipId, scope))
		.orderBy(asc(villages.code));
	return { villages: list, month: currentMonth(now) };
}

export async function rosterPage(scope: RecordsScope, villageParam: string | null) {
	const id = parseId(villageParam);
	const village = id === null ? null : await villageInScope(scope, id);
	if (!village) return null;
	return { township: village.township, village: village.name, ...(await villageRoster(village.id)) };
}

/** The follow-up list as the screen shows it (same people, reasons and "contacted" notes), for paper. */
export async function needsHelpPage(scope: RecordsScope, now = new Date()) {
	return { township: await townshipName(scope), now, people: await followUpList(scope, 'all', now) };
}

export async function ceremonyPage(scope: RecordsScope, monthParam: string | null, now = new Date()) {
	const month = parseMonth(monthParam) ?? currentMonth(now);
	return { township: await townshipName(scope), month, rows: await ceremonyList(scope, month) };
}

/** A registration code's poster: the QR code opens the registration page with the code filled in. */
export async function posterPage(scope: RecordsScope, codeParam: string | null, origin: string) {
	const id = parseId(codeParam);
	const code = id === null ? null : await posterCode(scope, id);
	if (!code) return null;
	const link = `${origin}/register?code=${encodeURIComponent(code.code)}`;
	// A PNG data URL (the page's policy allows data: images): sharp on paper at 8 pixels a module.
	const qr = await QRCode.toDataURL(link, { errorCorrectionLevel: 'M', margin: 2, scale: 8 });
	return {
		township: code.township,
		village: code.village,
		code: formatEnrolmentCode(code.code),
		link,
		site: `${origin}/register`,
		qr,
		expiresAt: code.expiresAt,
		revoked: code.revokedAt !== null
	};
}
