// The data of each printout page for a scope: staff pass their own township, admins the one they chose (or null,
// the whole county, where a printout allows it). Null means "not found in this scope": the route answers 404.
import QRCode from 'qrcode';
import { asc, eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { townships, villages } from '../db/schema.ts';
import { formatEnrolmentCode } from '../enrolment/codes.ts';
import { followUpList } from '../followup/list.ts';
import type { Scope } from '../records/dashboard.ts';
import { parseId } from '../params.ts';
import { ceremonyList, currentMonth, parseMonth, posterCode, villageInScope, villageRoster } from './sheets.ts';
import { first } from '../db/dialect.ts';

/** The township's name, or null for the county (the page then says "the county" in its own words). */
async function townshipName(scope: Scope): Promise<string | null> {
	if (scope === null) return null;
	return (
		(await first(db.select({ name: townships.name }).from(townships).where(eq(townships.id, scope))))?.name ?? null
	);
}

/** What the printouts' index offers: the villages of the scope (for the roster) and this month. */
export async function printIndex(scope: Scope, now = new Date()) {
	const list = await db
		.select({ id: villages.id, name: villages.name, township: townships.name })
		.from(villages)
		.innerJoin(townships, eq(townships.id, villages.townshipId))
		.where(scope === null ? undefined : eq(villages.townshipId, scope))
		.orderBy(asc(villages.code));
	return { villages: list, month: currentMonth(now) };
}

export async function rosterPage(scope: Scope, villageParam: string | null) {
	const id = parseId(villageParam);
	const village = id === null ? null : await villageInScope(scope, id);
	if (!village) return null;
	return { township: village.township, village: village.name, ...(await villageRoster(village.id)) };
}

/** The follow-up list as the screen shows it (same people, reasons and "contacted" notes), for paper. */
export async function needsHelpPage(scope: Scope, now = new Date()) {
	return { township: await townshipName(scope), now, people: await followUpList(scope, 'all', now) };
}

export async function ceremonyPage(scope: Scope, monthParam: string | null, now = new Date()) {
	const month = parseMonth(monthParam) ?? currentMonth(now);
	return { township: await townshipName(scope), month, rows: await ceremonyList(scope, month) };
}

/** A registration code's poster: the QR code opens the registration page with the code filled in. */
export async function posterPage(scope: Scope, codeParam: string | null, origin: string) {
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

/** An admin's choice of township from `?township=`: a township that exists, else null (the whole county). */
export async function chosenTownship(param: string | null): Promise<Scope> {
	const id = parseId(param);
	if (id === null) return null;
	return (await first(db.select({ id: townships.id }).from(townships).where(eq(townships.id, id))))?.id ?? null;
}

/** Every township, for an admin to choose from. */
export const allTownships = async () =>
	await db.select({ id: townships.id, name: townships.name }).from(townships).orderBy(asc(townships.code));
