// The rules that decide where a learner stands in a course, in one place, for the server (exam marking,
// certificate issue), the records (a row's status) and the phone's progress store alike. Pure functions of
// plain facts: no database, no clock, no DOM, so the browser and the server always agree.

/** What a course asks of a learner (from its course file). */
export interface CourseRule {
	/** The slugs of the course's lessons, in order. */
	lessonSlugs: readonly string[];
	/** Whether every lesson must be done before the exam (and so before the certificate). */
	requireAllLessons: boolean;
	hasExam: boolean;
	/** Exam attempts a learner may start per China calendar day. */
	examAttemptsPerDay: number;
}

/** What is known of one learner in one course. */
export interface LearnerFacts {
	/** Lessons of the course the learner has completed (slugs of other courses or old lessons are ignored). */
	lessonsDone: ReadonlySet<string>;
	/** Exam attempts started today (tickets issued, counted on the server's clock). */
	attemptsToday: number;
	/** Whether any graded attempt passed. */
	passed: boolean;
	/** The learner's certificate for the course, if one was issued. */
	certificate: { revoked: boolean } | null;
}

export type ExamBlock = 'no_exam' | 'lessons_not_done' | 'too_many_attempts';

/** The lessons of the course that the learner has done, counted once each. */
export function lessonsDoneCount(course: CourseRule, done: ReadonlySet<string>): number {
	return course.lessonSlugs.filter((slug) => done.has(slug)).length;
}

/** "Lessons complete": every lesson of the course is done. */
export function lessonsComplete(course: CourseRule, done: ReadonlySet<string>): boolean {
	return lessonsDoneCount(course, done) === course.lessonSlugs.length;
}

/** Whether the lessons stand between the learner and the exam (and the certificate). */
function lessonsBlock(course: CourseRule, done: ReadonlySet<string>): boolean {
	return course.requireAllLessons && !lessonsComplete(course, done);
}

/**
 * "May take the exam": why not, or null when the learner may start an attempt now. The order matters: a
 * learner with lessons left is told about the lessons, not about today's attempts.
 */
export function examBlock(
	course: CourseRule,
	facts: Pick<LearnerFacts, 'lessonsDone' | 'attemptsToday'>
): ExamBlock | null {
	if (!course.hasExam) return 'no_exam';
	if (lessonsBlock(course, facts.lessonsDone)) return 'lessons_not_done';
	if (facts.attemptsToday >= course.examAttemptsPerDay) return 'too_many_attempts';
	return null;
}

/** Attempts the learner may still start today (never negative). */
export function attemptsLeft(course: CourseRule, attemptsToday: number): number {
	return Math.max(0, course.examAttemptsPerDay - attemptsToday);
}

/**
 * "Certificate due": the exam is passed and the lessons the course requires are done. A course without an
 * exam gives no certificate: a certificate says the learner showed the skill.
 */
export function certificateDue(course: CourseRule, facts: Pick<LearnerFacts, 'lessonsDone' | 'passed'>): boolean {
	return course.hasExam && facts.passed && !lessonsBlock(course, facts.lessonsDone);
}

export const RECORD_STATUSES = ['certified', 'revoked', 'passed_waiting_lessons', 'in_progress'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/**
 * The status of one learner's record in one course they started (the township's records, the learner's own
 * pages and the phone alike). An issued certificate decides, valid or revoked; a passed exam without a
 * certificate waits for the lessons the course requires; anything else is in progress.
 */
export function recordStatus(facts: Pick<LearnerFacts, 'passed' | 'certificate'>): RecordStatus {
	if (facts.certificate) return facts.certificate.revoked ? 'revoked' : 'certified';
	return facts.passed ? 'passed_waiting_lessons' : 'in_progress';
}

const DAY_MS = 24 * 60 * 60 * 1000;
// Townships keep China time all year (no daylight saving), so "per day" means per calendar day in UTC+8.
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** Midnight (China time) at the start of the day that `at` falls in: where "attempts per day" count from. */
export function chinaDayStart(at: Date): Date {
	return new Date(Math.floor((at.getTime() + CHINA_OFFSET_MS) / DAY_MS) * DAY_MS - CHINA_OFFSET_MS);
}
