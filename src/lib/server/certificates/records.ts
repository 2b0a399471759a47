import { and, desc, eq, isNull } from 'drizzle-orm';
import { m } from '../../paraglide/messages.js';
import { audit } from '../audit.ts';
import { db, writeTransaction } from '../db/index.ts';
import { certificates, counties, townships, users } from '../db/schema.ts';
import { noteCertificate } from '../learning/summary.ts';
import { first } from '../db/dialect.ts';

export interface CertificateView {
	number: string;
	courseSlug: string;
	courseTitle: string;
	score: number;
	issuedAt: Date;
	revokedAt: Date | null;
	revokedReason: string | null;
	township: string;
	county: string;
	learnerName: string;
	townshipId: number;
	userId: number;
}

function selectCertificates() {
	return db
		.select({
			number: certificates.number,
			courseSlug: certificates.courseSlug,
			courseTitle: certificates.courseTitle,
			score: certificates.score,
			issuedAt: certificates.issuedAt,
			revokedAt: certificates.revokedAt,
			revokedReason: certificates.revokedReason,
			township: townships.name,
			county: counties.name,
			learnerName: users.name,
			townshipId: certificates.townshipId,
			userId: certificates.userId
		})
		.from(certificates)
		.innerJoin(users, eq(certificates.userId, users.id))
		.innerJoin(townships, eq(certificates.townshipId, townships.id))
		.innerJoin(counties, eq(townships.countyId, counties.id));
}

/** A learner's certificates, newest first. */
export async function listCertificates(userId: number): Promise<CertificateView[]> {
	return await selectCertificates().where(eq(certificates.userId, userId)).orderBy(desc(certificates.issuedAt));
}

/** The learner's certificate number for a course, or null. */
export async function certificateFor(userId: number, courseSlug: string): Promise<string | null> {
	return (
		(
			await first(
				db
					.select({ number: certificates.number })
					.from(certificates)
					.where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, courseSlug)))
			)
		)?.number ?? null
	);
}

/** A certificate by its (normalised) number, or null. */
export async function findCertificate(number: string): Promise<CertificateView | null> {
	return (await first(selectCertificates().where(eq(certificates.number, number)))) ?? null;
}

/** What a revoked certificate's downloads answer: 410, gone for good, in words the phone's browser shows as they are. */
export function revokedGone(): Response {
	return new Response(m.certs_revoked_gone(), {
		status: 410,
		headers: { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }
	});
}

/**
 * The signed credential of one of the learner's own certificates, or null; null too once it is revoked. Its
 * signature stays good after a revocation (only the verify page it names says so), so a copy handed out then
 * would pass a standard tool's check. Verification and the staff read the record, never this.
 */
export async function credentialOf(userId: number, number: string): Promise<Record<string, unknown> | null> {
	const row = await first(
		db
			.select({ credential: certificates.credential })
			.from(certificates)
			.where(and(eq(certificates.userId, userId), eq(certificates.number, number), isNull(certificates.revokedAt)))
	);
	return row?.credential ?? null;
}

/** "张*明": the first and last characters of a name, the rest hidden, for the public verification page. */
export function maskName(name: string): string {
	const chars = [...name];
	if (chars.length <= 1) return name;
	if (chars.length === 2) return `${chars[0]}*`;
	return chars[0] + '*'.repeat(chars.length - 2) + chars[chars.length - 1];
}

/**
 * Revokes a certificate of the staff member's own township, with a reason; false when there is no such
 * certificate there (or it is already revoked). Verification shows the revocation at once.
 */
export async function revokeCertificate(
	actor: { id: number; townshipId: number },
	number: string,
	reason: string,
	now = new Date()
): Promise<boolean> {
	return await writeTransaction(async (tx) => {
		const row = await first(
			tx
				.select({ id: certificates.id, userId: certificates.userId, revokedAt: certificates.revokedAt })
				.from(certificates)
				.where(and(eq(certificates.number, number), eq(certificates.townshipId, actor.townshipId)))
		);
		if (!row || row.revokedAt) return false;
		await tx
			.update(certificates)
			.set({ revokedAt: now, revokedReason: reason, revokedBy: actor.id })
			.where(eq(certificates.id, row.id));
		await noteCertificate(tx, row.userId, -1);
		await audit(
			{
				actorId: actor.id,
				action: 'certificate_revoked',
				targetType: 'certificate',
				targetId: number,
				townshipId: actor.townshipId,
				detail: { reason }
			},
			tx
		);
		return true;
	});
}
