import { and, desc, eq, sql } from 'drizzle-orm';
import { audit } from '../audit.ts';
import { getCourse } from '../content/index.ts';
import { db, prepare, prepared, writeTransaction, type WriteRunner } from '../db/index.ts';
import { certificates, examAttempts, townships, users } from '../db/schema.ts';
import { certificateDue } from '../../learning/rules.ts';
import { ticketed } from '../learning/exam-attempts.ts';
import { completedLessons, courseRule } from '../learning/progress.ts';
import { noteCertificate } from '../learning/summary.ts';
import { signCredential } from './credential.ts';
import { generateCertificateNumber } from './number.ts';
import { first } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

/** The address where anyone can check a certificate (printed as a QR code on the PDF). */
export function verifyUrl(origin: string, number: string): string {
	return `${origin}/verify/${number}`;
}

async function unusedNumber(): Promise<string> {
	for (;;) {
		const number = generateCertificateNumber();
		if (!(await first(db.select({ id: certificates.id }).from(certificates).where(eq(certificates.number, number)))))
			return number;
	}
}

// Asked whenever a sync batch touches a course: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	existing: prepare(
		database
			.select({ number: certificates.number })
			.from(certificates)
			.where(
				and(
					eq(certificates.userId, sql.placeholder('userId')),
					eq(certificates.courseSlug, sql.placeholder('courseSlug'))
				)
			),
		'certificates/issue.existing'
	),
	learner: prepare(
		database
			.select({ name: users.name, role: users.role, townshipId: users.townshipId, township: townships.name })
			.from(users)
			.leftJoin(townships, eq(users.townshipId, townships.id))
			.where(eq(users.id, sql.placeholder('userId'))),
		'certificates/issue.learner'
	),
	best: prepare(
		database
			.select({ eventId: examAttempts.eventId, score: examAttempts.score, version: examAttempts.contentVersion })
			.from(examAttempts)
			.where(
				and(
					eq(examAttempts.userId, sql.placeholder('userId')),
					eq(examAttempts.courseSlug, sql.placeholder('courseSlug')),
					eq(examAttempts.passed, true),
					// Only an attempt marked on a ticket earns a certificate.
					ticketed
				)
			)
			.orderBy(desc(examAttempts.score)),
		'certificates/issue.best'
	)
}));

/**
 * Issues the course certificate the moment a learner meets the rule (`certificateDue`: the exam passed and
 * the lessons the course requires done), once per learner and course; returns its number, or null when the rule is not met yet.
 * Only learners (who belong to a township) earn certificates; staff trying a course do not. `origin` is the
 * site's public address (ORIGIN), used in the QR code and the credential. `write` runs its one write: the sync's
 * batches pass their write group's, so a process never waits for another's write lock inside SQLite.
 */
export async function maybeIssueCertificate(
	userId: number,
	courseSlug: string,
	origin: string,
	now = new Date(),
	write: WriteRunner = (work) => writeTransaction(work)
): Promise<string | null> {
	const course = await getCourse(courseSlug);
	if (!course) return null;
	const run = statements(db);
	const existing = await first(run.existing.execute({ userId, courseSlug }));
	if (existing) return existing.number;
	const learner = await first(run.learner.execute({ userId }));
	if (!learner || learner.role !== 'learner' || learner.townshipId == null) return null;
	const best = await first(run.best.execute({ userId, courseSlug }));
	if (!certificateDue(courseRule(course), { lessonsDone: await completedLessons(userId, courseSlug), passed: !!best }))
		return null;
	if (!best) return null;

	const number = await unusedNumber();
	const credential = await signCredential(
		{
			number,
			learnerName: learner.name,
			courseSlug,
			courseTitle: course.title,
			courseSummary: course.summary,
			issuedAt: now,
			score: best.score,
			townshipName: learner.township ?? '',
			verifyUrl: verifyUrl(origin, number)
		},
		{ origin }
	);
	// Another request may have issued it while the credential was being signed: the unique index decides.
	const inserted = await write(async (tx) => {
		const row = await first(
			tx
				.insert(certificates)
				.values({
					number,
					userId,
					courseSlug,
					courseTitle: course.title,
					contentVersion: best.version,
					score: best.score,
					townshipId: learner.townshipId!,
					countyId: countyOfUser(userId),
					attemptId: best.eventId,
					credential: credential as Record<string, unknown>,
					issuedAt: now
				})
				.onConflictDoNothing()
				.returning({ id: certificates.id })
		);
		if (row) {
			await noteCertificate(tx, userId, 1);
			await audit(
				{
					actorId: null,
					action: 'certificate_issued',
					targetType: 'certificate',
					targetId: number,
					townshipId: learner.townshipId,
					detail: { userId, courseSlug, score: best.score }
				},
				tx
			);
		}
		return !!row;
	});
	if (inserted) return number;
	return (await first(
		db
			.select({ number: certificates.number })
			.from(certificates)
			.where(and(eq(certificates.userId, userId), eq(certificates.courseSlug, courseSlug)))
	))!.number;
}
