// The learner-course summary (`learner_courses`), each learner's last activity (`users.last_active_at`) and
// count of valid certificates (`users.valid_certificates`):
// kept up to date in the transaction that records a lesson or an attempt, so the township records read one
// row per learner and course rather than aggregating millions of events on every page view.
import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../db/index.ts';
import { learnerCourses, users } from '../db/schema.ts';

/** `column` becomes `value` where that is later (a null column is taken as earlier than anything). */
const later = (column: typeof learnerCourses.lastLessonAt | typeof learnerCourses.lastAttemptAt, value: Date) =>
	sql`case when ${column} is null or ${column} < ${value.getTime()} then ${value.getTime()} else ${column} end`;

/** A learner did something (any event) at `at`. */
export function noteActivity(tx: Executor, userId: number, at: Date): void {
	tx.update(users)
		.set({
			lastActiveAt: sql`case when ${users.lastActiveAt} is null or ${users.lastActiveAt} < ${at.getTime()} then ${at.getTime()} else ${users.lastActiveAt} end`
		})
		.where(eq(users.id, userId))
		.run();
}

/** A lesson was completed for the first time (call only when its completion row was inserted). */
export function noteLessonCompleted(tx: Executor, userId: number, courseSlug: string, at: Date): void {
	tx.insert(learnerCourses)
		.values({ userId, courseSlug, lessonsDone: 1, lastLessonAt: at })
		.onConflictDoUpdate({
			target: [learnerCourses.userId, learnerCourses.courseSlug],
			set: {
				lessonsDone: sql`${learnerCourses.lessonsDone} + 1`,
				lastLessonAt: later(learnerCourses.lastLessonAt, at)
			}
		})
		.run();
}

/** An exam attempt was graded (call once per attempt, when its row was inserted). */
export function noteExamAttempt(
	tx: Executor,
	userId: number,
	courseSlug: string,
	attempt: { score: number; passed: boolean; at: Date }
): void {
	const { score, passed, at } = attempt;
	tx.insert(learnerCourses)
		.values({
			userId,
			courseSlug,
			attempts: 1,
			passedAttempts: passed ? 1 : 0,
			bestScore: score,
			lastAttemptAt: at
		})
		.onConflictDoUpdate({
			target: [learnerCourses.userId, learnerCourses.courseSlug],
			set: {
				attempts: sql`${learnerCourses.attempts} + 1`,
				passedAttempts: sql`${learnerCourses.passedAttempts} + ${passed ? 1 : 0}`,
				bestScore: sql`case when ${learnerCourses.bestScore} is null or ${learnerCourses.bestScore} < ${score} then ${score} else ${learnerCourses.bestScore} end`,
				lastAttemptAt: later(learnerCourses.lastAttemptAt, at)
			}
		})
		.run();
}

/** A certificate of the learner was issued (+1) or revoked (-1). */
export function noteCertificate(tx: Executor, userId: number, change: 1 | -1): void {
	tx.update(users)
		.set({ validCertificates: sql`${users.validCertificates} + ${change}` })
		.where(eq(users.id, userId))
		.run();
}

/**
 * Makes the summary again from the recorded completions, attempts and events (the migration that added it
 * runs the same statements). For data written around the app (the bench county) and for repairs.
 */
export function rebuildLearnerCourses(tx: Executor): void {
	tx.delete(learnerCourses).run();
	tx.run(sql`insert into learner_courses (user_id, course_slug, lessons_done, last_lesson_at, attempts, passed_attempts, best_score, last_attempt_at)
		select user_id, course_slug, sum(lessons), max(last_lesson), sum(tries), sum(passes), max(best), max(last_try) from (
			select user_id, course_slug, count(*) as lessons, max(completed_at) as last_lesson, 0 as tries, 0 as passes, null as best, null as last_try
			from lesson_completions group by user_id, course_slug
			union all
			select user_id, course_slug, 0, null, count(*), sum(passed), max(score), max(submitted_at)
			from exam_attempts group by user_id, course_slug
		) group by user_id, course_slug`);
	tx.run(
		sql`update users set last_active_at = (select max(client_at) from learning_events where learning_events.user_id = users.id),
			valid_certificates = (select count(*) from certificates where certificates.user_id = users.id and certificates.revoked_at is null)`
	);
}
