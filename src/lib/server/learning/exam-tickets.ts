// Attempt tickets: opening an exam (online, or saving a course for offline) gives one signed, single-use ticket
// that fixes the attempt's questions and order. Only ticketed attempts are marked, and the daily limit counts
// tickets by when the server issued them, so a phone's clock cannot make more attempts.
import { and, count, desc, eq, gt, gte, isNull, ne, sql } from 'drizzle-orm';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import { config } from '../config.ts';
import { getCourse } from '../content/index.ts';
import { prepare, prepared, writeTransaction, type Executor, type Tx } from '../db/index.ts';
import { examTickets } from '../db/schema.ts';
import { drawExam } from '../quiz/draw.ts';
import { newSeed } from '../quiz/shuffle.ts';
import { examKey, rememberExamVersion, type ExamKey } from './exam-versions.ts';
import { ticketToken, tokenId, tokenSignedFor } from './ticket-signature.ts';
import { affectedRows, dbTime, first, lockLearner, one, timeSql } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

type Reader = Executor;

const DAY_MS = 24 * 60 * 60 * 1000;
// Townships keep China time all year (no daylight saving), so "per day" means per calendar day in UTC+8.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Midnight (China time) at the start of the day that `at` falls in. */
export function chinaDayStart(at: Date): Date {
	return new Date(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS);
}

export type ExamTicket = typeof examTickets.$inferSelect;

/** A ticket as the phone gets it: the signed token and what it needs to show the attempt. */
export interface IssuedTicket {
	token: string;
	id: string;
	courseSlug: string;
	contentVersion: string;
	seed: number;
	questionIds: string[];
	issuedAt: Date;
	expiresAt: Date;
}

export const issued = async (ticket: ExamTicket): Promise<IssuedTicket> => ({
	token: await ticketToken(ticket),
	id: ticket.id,
	courseSlug: ticket.courseSlug,
	contentVersion: ticket.contentVersion,
	seed: ticket.seed,
	questionIds: ticket.questionIds,
	issuedAt: ticket.issuedAt,
	expiresAt: ticket.expiresAt
});

/** This learner's ticket for the course's current version that is still good and not used, if any. */
export async function openTicket(
	reader: Reader,
	userId: number,
	courseSlug: string,
	version: string,
	now: Date
): Promise<ExamTicket | null> {
	return (
		(await first(
			reader
				.select()
				.from(examTickets)
				.where(
					and(
						eq(examTickets.userId, userId),
						eq(examTickets.courseSlug, courseSlug),
						eq(examTickets.contentVersion, version),
						isNull(examTickets.usedBy),
						gt(examTickets.expiresAt, now)
					)
				)
				.orderBy(desc(examTickets.issuedAt))
		)) ?? null
	);
}

/** Tickets issued to this learner for the course since a time (server clock), leaving out one still open. */
export async function ticketsIssuedSince(
	reader: Reader,
	userId: number,
	courseSlug: string,
	since: Date,
	exceptId: string | null = null
): Promise<number> {
	return (await first(
		reader
			.select({ n: count() })
			.from(examTickets)
			.where(
				and(
					eq(examTickets.userId, userId),
					eq(examTickets.courseSlug, courseSlug),
					gte(examTickets.issuedAt, since),
					exceptId ? ne(examTickets.id, exceptId) : undefined
				)
			)
	))!.n;
}

export type TicketRefusal = 'no_exam' | 'too_many_attempts';

/**
 * The learner's ticket for the course's exam: the open one when there is one (opening the exam page again, or
 * saving the course after opening it, costs nothing), else a new one if today's tickets are not used up.
 * The server draws the questions and the seed. Immediate, so two requests at once cannot both pass the limit.
 */
export async function openExamTicket(
	userId: number,
	courseSlug: string,
	now = new Date()
): Promise<{ ticket: IssuedTicket } | { refused: TicketRefusal }> {
	const course = await getCourse(courseSlug);
	if (!course?.hasExam) return { refused: 'no_exam' };
	await rememberExamVersion(courseSlug);
	const key = await examKey(courseSlug, course.version);
	if (!key) return { refused: 'no_exam' };
	return await writeTransaction(async (tx) => {
		await lockLearner(tx, userId);
		const open = await openTicket(tx, userId, courseSlug, course.version, now);
		if (open) return { ticket: await issued(open) };
		if ((await ticketsIssuedSince(tx, userId, courseSlug, chinaDayStart(now))) >= course.examAttemptsPerDay)
			return { refused: 'too_many_attempts' as const };
		const row = await issueTicket(tx, { userId, courseSlug, version: course.version, key, now });
		return { ticket: await issued(row) };
	});
}

/** Writes a new ticket for one version of an exam: a fresh seed and the questions it draws, good for the window. */
export async function issueTicket(
	tx: Tx,
	{
		userId,
		courseSlug,
		version,
		key,
		now
	}: { userId: number; courseSlug: string; version: string; key: ExamKey; now: Date }
): Promise<ExamTicket> {
	const seed = newSeed();
	return await one(
		tx
			.insert(examTickets)
			.values({
				id: encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15))),
				userId,
				courseSlug,
				contentVersion: version,
				seed,
				questionIds: drawExam(key.questions, seed, key.draw).map((q) => q.id),
				issuedAt: now,
				expiresAt: new Date(now.getTime() + config().examOfflineWindowDays * DAY_MS),
				countyId: countyOfUser(userId)
			})
			.returning()
	);
}

// Run with every attempt recorded: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	byId: prepare(
		database
			.select()
			.from(examTickets)
			.where(eq(examTickets.id, sql.placeholder('id'))),
		'learning/exam-tickets.byId'
	),
	use: prepare(
		database
			.update(examTickets)
			.set({ usedBy: sql`${sql.placeholder('eventId')}`, usedAt: timeSql(sql.placeholder('nowMs')) })
			.where(and(eq(examTickets.id, sql.placeholder('ticketId')), isNull(examTickets.usedBy))),
		'learning/exam-tickets.use'
	)
}));

export type TicketProblem = 'no_ticket' | 'bad_ticket' | 'ticket_used';

/**
 * The stored ticket a token stands for, if it is the server's signature over that row, for this learner, course
 * and version, and not used yet.
 */
export async function ticketFor(
	tx: Tx,
	token: unknown,
	userId: number,
	courseSlug: string,
	version: string
): Promise<{ ticket: ExamTicket } | { problem: TicketProblem }> {
	if (typeof token !== 'string' || token === '') return { problem: 'no_ticket' };
	const id = tokenId(token);
	const ticket = id ? await first(statements(tx).byId.execute({ id })) : undefined;
	if (!ticket || !(await tokenSignedFor(token, ticket))) return { problem: 'bad_ticket' };
	if (ticket.userId !== userId || ticket.courseSlug !== courseSlug || ticket.contentVersion !== version)
		return { problem: 'bad_ticket' };
	if (ticket.usedBy !== null) return { problem: 'ticket_used' };
	return { ticket };
}

/** Marks a ticket used by an attempt; false when another attempt got there first. Call inside the attempt's write. */
export async function useTicket(tx: Tx, ticketId: string, eventId: string, now: Date): Promise<boolean> {
	return affectedRows(await statements(tx).use.execute({ ticketId, eventId, nowMs: dbTime(now) })) === 1;
}
