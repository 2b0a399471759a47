import { and, eq } from 'drizzle-orm';
import type { Question } from '../../content/format.js';
import { getCourse, getExam, listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { examVersions } from '../db/schema.ts';

/** One version of a course's exam as it is marked: the questions with their key, the pass mark, the pool's draw. */
export interface ExamKey {
	questions: Question[];
	passMark: number;
	/** Questions one attempt asks; null: every question. */
	draw: number | null;
}

/** Keeps the current exam of a course with its key, once per version (called whenever an exam is served). */
export function rememberExamVersion(courseSlug: string): void {
	const exam = getExam(courseSlug);
	const course = getCourse(courseSlug);
	if (!exam || !course) return;
	db.insert(examVersions)
		.values({
			courseSlug,
			version: exam.version,
			questions: exam.questions,
			passMark: course.passMark,
			drawCount: exam.draw
		})
		.onConflictDoNothing()
		.run();
}

/** The questions (with the key), pass mark and draw of one version of a course's exam; null if never served. */
export function examKey(courseSlug: string, version: string): ExamKey | null {
	const current = getExam(courseSlug);
	const course = getCourse(courseSlug);
	if (current && course && current.version === version)
		return { questions: current.questions, passMark: course.passMark, draw: current.draw };
	const row = db
		.select()
		.from(examVersions)
		.where(and(eq(examVersions.courseSlug, courseSlug), eq(examVersions.version, version)))
		.get();
	return row ? { questions: row.questions as Question[], passMark: row.passMark, draw: row.drawCount } : null;
}

/** Records the exam of every course as it is in this build (at start-up), so later attempts can be marked. */
export function rememberAllExamVersions(): void {
	for (const course of listCourses()) rememberExamVersion(course.slug);
}

/** Whether a content version of a course is one this server has ever served. */
export function isKnownVersion(courseSlug: string, version: string): boolean {
	const course = getCourse(courseSlug);
	if (!course) return false;
	if (course.version === version || !course.hasExam) return true;
	return !!db
		.select({ v: examVersions.version })
		.from(examVersions)
		.where(and(eq(examVersions.courseSlug, courseSlug), eq(examVersions.version, version)))
		.get();
}
