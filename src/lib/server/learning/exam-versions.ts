import { and, eq } from 'drizzle-orm';
import type { Question } from '../../content/format.js';
import { getCourse, getExam, listCourses } from '../content/index.ts';
import { findCourse } from '../content/store.ts';
import { db } from '../db/index.ts';
import { examVersions } from '../db/schema.ts';
import { first } from '../db/dialect.ts';

/** One version of a course's exam as it is marked: the questions with their key, the pass mark, the pool's draw. */
export interface ExamKey {
	questions: Question[];
	passMark: number;
	/** Questions one attempt asks; null: every question. */
	draw: number | null;
}

/** Keeps the current exam of a course with its key, once per version (called whenever an exam is served). */
export async function rememberExamVersion(courseSlug: string): Promise<void> {
	const exam = await getExam(courseSlug);
	const course = await getCourse(courseSlug);
	if (!exam || !course) return;
	await db
		.insert(examVersions)
		.values({
			courseSlug,
			version: exam.version,
			questions: exam.questions,
			passMark: course.passMark,
			drawCount: exam.draw
		})
		.onConflictDoNothing();
}

/** The key of each course's current exam version, made once per version: marking only reads it. */
const currentKeys = new Map<string, { version: string; key: ExamKey }>();

/**
 * The questions (with the key), pass mark and draw of one version of a course's exam; null if never served.
 * The result is frozen and shared between calls: marking only reads it, and copying the questions for every
 * attempt handed in was about 40% of the time the sync spent on one (a CPU profile of the sync bench).
 */
export async function examKey(courseSlug: string, version: string): Promise<ExamKey | null> {
	const course = await getCourse(courseSlug);
	if (course && course.version === version) {
		const cached = currentKeys.get(courseSlug);
		if (cached?.version === version) return cached.key;
		const current = await getExam(courseSlug);
		if (current && current.version === version) {
			const key = deepFreeze({ questions: current.questions, passMark: course.passMark, draw: current.draw });
			currentKeys.set(courseSlug, { version, key });
			return key;
		}
	}
	const row = await first(
		db
			.select()
			.from(examVersions)
			.where(and(eq(examVersions.courseSlug, courseSlug), eq(examVersions.version, version)))
	);
	return row ? { questions: row.questions as Question[], passMark: row.passMark, draw: row.drawCount } : null;
}

function deepFreeze<T>(value: T): T {
	if (value && typeof value === 'object' && !Object.isFrozen(value)) {
		Object.freeze(value);
		for (const inner of Object.values(value)) deepFreeze(inner);
	}
	return value;
}

/** Records the exam of every course as it is in this build (at start-up), so later attempts can be marked. */
export async function rememberAllExamVersions(): Promise<void> {
	for (const course of await listCourses()) await rememberExamVersion(course.slug);
}

/** Whether a content version of a course is one this server has ever served. */
export async function isKnownVersion(courseSlug: string, version: string): Promise<boolean> {
	const course = await findCourse(courseSlug);
	if (!course) return false;
	if (course.version === version || !course.hasExam) return true;
	return !!(await first(
		db
			.select({ v: examVersions.version })
			.from(examVersions)
			.where(and(eq(examVersions.courseSlug, courseSlug), eq(examVersions.version, version)))
	));
}
