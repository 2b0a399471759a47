import { and, count, eq, gte, sql } from 'drizzle-orm';
import { db, prepare, prepared, type Executor } from '../db/index.ts';
import {
	certificates,
	examAttempts,
	households,
	learnerGoals,
	learnerRatings,
	lessonCompletions,
	lessonNotUnderstood,
	townships,
	users,
	villages
} from '../db/schema.ts';
import { chinaDayOf, first, jsonRows, jsonRowsOf, timeSql, dbTime, type JsonRowFields } from '../db/dialect.ts';
import { calendarStart } from '../learning/lesson-days.ts';
import { ratingKey, type LearnerFeedback, type MyRating } from '../../sync/rating.ts';

const learner = sql.placeholder('userId');

// The lists of a learner's state, each the fields of one select (see `statement` below).
const lists = {
	progress: { course: lessonCompletions.courseSlug, lesson: lessonCompletions.lessonSlug },
	attempts: {
		id: examAttempts.eventId,
		courseSlug: examAttempts.courseSlug,
		score: examAttempts.score,
		passed: examAttempts.passed,
		review: examAttempts.review,
		submittedAt: examAttempts.submittedAt
	},
	certificates: {
		number: certificates.number,
		courseSlug: certificates.courseSlug,
		courseTitle: certificates.courseTitle,
		score: certificates.score,
		township: townships.name,
		issuedAt: certificates.issuedAt,
		revokedAt: certificates.revokedAt
	},
	goal: { lessonsPerWeek: learnerGoals.lessonsPerWeek, setAt: learnerGoals.setAt },
	ratings: {
		courseSlug: learnerRatings.courseSlug,
		lessonSlug: learnerRatings.lessonSlug,
		face: learnerRatings.face,
		comment: learnerRatings.comment,
		at: learnerRatings.ratedAt
	},
	notUnderstood: { courseSlug: lessonNotUnderstood.courseSlug, lessonSlug: lessonNotUnderstood.lessonSlug }
} satisfies Record<string, JsonRowFields>;

// Lessons first completed per China calendar day, since the calendar's first week (issue 16).
const day = chinaDayOf(lessonCompletions.completedAt);
const perDayFields = { day, lessons: count() };

/**
 * The whole state in one statement, each list one column (jsonRows): sent back with every sync batch, and on
 * PostgreSQL each statement is a round trip (seven of them were a quarter of a batch's). Prepared once per
 * connection (see `prepared`).
 */
const statement = prepared((database: Executor) => {
	const rowsOf = (fields: JsonRowFields) => database.select({ rows: jsonRows(fields) });
	const perDay = database
		.select({ day: perDayFields.day.as('day'), lessons: perDayFields.lessons.as('lessons') })
		.from(lessonCompletions)
		.where(
			and(eq(lessonCompletions.userId, learner), gte(lessonCompletions.completedAt, timeSql(sql.placeholder('from'))))
		)
		.groupBy(day)
		.as('per_day');
	return prepare(
		database
			.select({
				progress: sql`(${rowsOf(lists.progress).from(lessonCompletions).where(eq(lessonCompletions.userId, learner))})`,
				attempts: sql`(${rowsOf(lists.attempts).from(examAttempts).where(eq(examAttempts.userId, learner))})`,
				certificates: sql`(${rowsOf(lists.certificates)
					.from(certificates)
					.innerJoin(townships, eq(certificates.townshipId, townships.id))
					.where(eq(certificates.userId, learner))})`,
				goal: sql`(${rowsOf(lists.goal).from(learnerGoals).where(eq(learnerGoals.userId, learner))})`,
				lessonDays: sql`(${rowsOf({ day: perDay.day, lessons: perDay.lessons }).from(perDay)})`,
				ratings: sql`(${rowsOf(lists.ratings).from(learnerRatings).where(eq(learnerRatings.userId, learner))})`,
				notUnderstood: sql`(${rowsOf(lists.notUnderstood)
					.from(lessonNotUnderstood)
					.where(eq(lessonNotUnderstood.userId, learner))})`
			})
			.from(users)
			.where(eq(users.id, learner)),
		'sync/state.all'
	);
});

/**
 * What a learner's device needs to show their progress: lessons done, exam results, certificates, the weekly goal,
 * the calendar's days, and their own ratings and "我没看懂" taps. The phone keeps it per learner (the progress
 * store) and draws every learner page from it; pages the service worker may store carry none of it.
 */
export async function learnerState(userId: number, now = new Date()) {
	const row = await first(statement(db).execute({ userId, from: dbTime(calendarStart(now)) }));
	const read = <F extends JsonRowFields>(value: unknown, fields: F) => (row ? jsonRowsOf(value, fields) : []);
	const progress: Record<string, string[]> = {};
	for (const { course, lesson } of read(row?.progress, lists.progress)) (progress[course] ??= []).push(lesson);
	const [goal] = read(row?.goal, lists.goal);
	const ratings: Required<LearnerFeedback>['ratings'] = {};
	for (const r of read(row?.ratings, lists.ratings))
		ratings[ratingKey(r.courseSlug, r.lessonSlug)] = {
			face: r.face,
			comment: r.comment,
			at: r.at.toISOString()
		} satisfies MyRating;
	return {
		userId,
		progress,
		attempts: read(row?.attempts, lists.attempts),
		certificates: read(row?.certificates, lists.certificates),
		// The weekly goal, or null before they chose one.
		goal: goal ? { lessonsPerWeek: goal.lessonsPerWeek, setAt: goal.setAt.toISOString() } : null,
		lessonDays: Object.fromEntries(read(row?.lessonDays, perDayFields).map((d) => [d.day, Number(d.lessons)])),
		// Their own ratings and "我没看懂" taps (issue 15), so the pages show them as given on every phone.
		ratings,
		notUnderstood: read(row?.notUnderstood, lists.notUnderstood).map((r) => ratingKey(r.courseSlug, r.lessonSlug))
	};
}

/** The village a learner's household lives in, for the "family on this phone" list; null when none is known. */
export async function villageOf(userId: number): Promise<string | null> {
	return (
		(
			await first(
				db
					.select({ village: villages.name })
					.from(users)
					.innerJoin(households, eq(users.householdId, households.id))
					.innerJoin(villages, eq(households.villageId, villages.id))
					.where(eq(users.id, userId))
			)
		)?.village ?? null
	);
}
