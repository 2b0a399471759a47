// The learner-course summary (`learner_courses`), each learner's last activity (`users.last_active_at`) and
// count of valid certificates (`users.valid_certificates`):
// kept up to date in the transaction that records a lesson or an attempt, so the township records read one
// row per learner and course rather than aggregating millions of events on every page view.
import { and, eq, gt, isNull, lt, or, sql } from 'drizzle-orm';
import { db, prepare, prepared, type Executor } from '../db/index.ts';
import { learnerCourses, users } from '../db/schema.ts';
import { dbTime, rawRun, timeSql } from '../db/dialect.ts';
import { countyOfUser } from '../db/county.ts';

/** `column` becomes the time `at` (a placeholder, in ms) where that is later (a null column is taken as earlier). */
const later = (column: typeof learnerCourses.lastLessonAt | typeof learnerCourses.lastAttemptAt) =>
	sql`case when ${column} is null or ${column} < ${timeSql(sql.placeholder('atMs'))} then ${timeSql(sql.placeholder('atMs'))} else ${column} end`;

/**
 * Whose a new summary row is: the learner, the course, the learner's township (null for staff and trainers
 * trying a course) and the owner's county.
 */
const newRow = {
	userId: sql.placeholder('userId'),
	courseSlug: sql.placeholder('courseSlug'),
	townshipId: sql`(select ${users.townshipId} from ${users} where ${users.id} = ${sql.placeholder('userId')} and ${users.role} = 'learner')`,
	countyId: countyOfUser(sql.placeholder('userId'))
};

// Run with every event recorded: prepared once per connection (see `prepared`).
const statements = prepared((database) => ({
	// Only when later: an update that changes nothing writes nothing (the column is in three indexes).
	activity: prepare(
		database
			.update(users)
			.set({ lastActiveAt: timeSql(sql.placeholder('atMs')) })
			.where(
				and(
					eq(users.id, sql.placeholder('userId')),
					or(isNull(users.lastActiveAt), lt(users.lastActiveAt, timeSql(sql.placeholder('atMs'))))
				)
			),
		'learning/summary.activity'
	),
	lesson: prepare(
		database
			.insert(learnerCourses)
			.values({
				...newRow,
				lessonsDone: sql.placeholder('count'),
				lastLessonAt: sql.placeholder('at')
			})
			.onConflictDoUpdate({
				target: [learnerCourses.userId, learnerCourses.courseSlug],
				set: {
					lessonsDone: sql`${learnerCourses.lessonsDone} + ${sql.placeholder('count')}`,
					lastLessonAt: later(learnerCourses.lastLessonAt)
				}
			})
			.returning({ passedAttempts: learnerCourses.passedAttempts }),
		'learning/summary.lesson'
	),
	attempt: prepare(
		database
			.insert(learnerCourses)
			.values({
				...newRow,
				attempts: 1,
				passedAttempts: sql.placeholder('passes'),
				bestScore: sql.placeholder('score'),
				lastAttemptAt: sql.placeholder('at')
			})
			.onConflictDoUpdate({
				target: [learnerCourses.userId, learnerCourses.courseSlug],
				set: {
					attempts: sql`${learnerCourses.attempts} + 1`,
					passedAttempts: sql`${learnerCourses.passedAttempts} + ${sql.placeholder('passes')}`,
					bestScore: sql`case when ${learnerCourses.bestScore} is null or ${learnerCourses.bestScore} < ${sql.placeholder('score')} then ${sql.placeholder('score')} else ${learnerCourses.bestScore} end`,
					lastAttemptAt: later(learnerCourses.lastAttemptAt)
				}
			})
			.returning({ passedAttempts: learnerCourses.passedAttempts }),
		'learning/summary.attempt'
	),
	passedCourses: prepare(
		database
			.select({ courseSlug: learnerCourses.courseSlug })
			.from(learnerCourses)
			.where(and(eq(learnerCourses.userId, sql.placeholder('userId')), gt(learnerCourses.passedAttempts, 0))),
		'learning/summary.passedCourses'
	)
}));

/**
 * The courses in which the learner has passed an exam, as the summary has them: a certificate needs one, so the
 * sync asks whether one is due only in these (on PostgreSQL each question is a round trip or four).
 */
export async function coursesPassed(userId: number, database: Executor = db): Promise<Set<string>> {
	const rows = await statements(database).passedCourses.execute({ userId });
	return new Set(rows.map((row) => row.courseSlug));
}

/**
 * The learner did something at `at` (their latest event so far, unless one was later). The sync path calls it
 * once per batch with the batch's latest time, not once per event.
 */
export async function noteActivity(tx: Executor, userId: number, at: Date): Promise<void> {
	await statements(tx).activity.execute({ userId, atMs: dbTime(at) });
}

/**
 * What the summary said of each course in a batch's transaction: whether the learner has passed its exam (the
 * summary's upserts answer it, so the batch need not ask again whether a certificate may be due).
 */
export type PassedCourses = Map<string, boolean>;

/**
 * `count` lessons of a course were completed for the first time, the latest at `at` (call only with completion rows
 * that were inserted). Answers whether the learner has passed the course's exam.
 */
export async function noteLessonsCompleted(
	tx: Executor,
	userId: number,
	courseSlug: string,
	count: number,
	at: Date
): Promise<boolean> {
	const [row] = await statements(tx).lesson.execute({ userId, courseSlug, count, at, atMs: dbTime(at) });
	return row.passedAttempts > 0;
}

/**
 * An exam attempt was graded (call once per attempt, when its row was inserted). Answers whether the learner has
 * passed the course's exam, by this attempt or an earlier one.
 */
export async function noteExamAttempt(
	tx: Executor,
	userId: number,
	courseSlug: string,
	attempt: { score: number; passed: boolean; at: Date }
): Promise<boolean> {
	const { score, passed, at } = attempt;
	const [row] = await statements(tx).attempt.execute({
		userId,
		courseSlug,
		passes: passed ? 1 : 0,
		score,
		at,
		atMs: dbTime(at)
	});
	return row.passedAttempts > 0;
}

/** A certificate of the learner was issued (+1) or revoked (-1). */
export async function noteCertificate(tx: Executor, userId: number, change: 1 | -1): Promise<void> {
	await tx
		.update(users)
		.set({ validCertificates: sql`${users.validCertificates} + ${change}` })
		.where(eq(users.id, userId));
}

/**
 * Makes the summary again from the recorded completions, attempts and events (the migration that added it
 * runs the same statements). For data written around the app (the bench county) and for repairs.
 */
export async function rebuildLearnerCourses(tx: Executor): Promise<void> {
	await tx.delete(learnerCourses);
	await rawRun(
		tx,
		sql`insert into learner_courses (user_id, course_slug, township_id, county_id, lessons_done, last_lesson_at, attempts, passed_attempts, best_score, last_attempt_at)
		select user_id, course_slug, (select township_id from users where users.id = per_source.user_id and users.role = 'learner'),
			${countyOfUser(sql`per_source.user_id`)},
			sum(lessons), max(last_lesson), sum(tries), sum(passes), max(best), max(last_try) from (
			select user_id, course_slug, count(*) as lessons, max(completed_at) as last_lesson, 0 as tries, 0 as passes, null as best, null as last_try
			from lesson_completions group by user_id, course_slug
			union all
			select user_id, course_slug, 0, null, count(*), sum(case when passed then 1 else 0 end), max(score), max(submitted_at)
			from exam_attempts group by user_id, course_slug
		) as per_source group by user_id, course_slug`
	);
	await rawRun(
		tx,
		sql`update users set last_active_at = (select max(client_at) from learning_events where learning_events.user_id = users.id),
			valid_certificates = (select count(*) from certificates where certificates.user_id = users.id and certificates.revoked_at is null)`
	);
}
