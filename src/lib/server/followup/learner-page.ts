// What the staff learner page shows of a learner's learning: per-course progress and a timeline in words
// (course and lesson titles, not slugs). The caller has already checked the learner is in the staff's township.
import { and, eq } from 'drizzle-orm';
import { getCourse, listCourses } from '../content/index.ts';
import { db } from '../db/index.ts';
import { certificates, learnerCourses } from '../db/schema.ts';
import type { TimelineItem } from '../records/learners.ts';

export type ExamStatus = 'none' | 'not_taken' | 'failed' | 'passed';

export interface CourseProgress {
	courseSlug: string;
	title: string;
	lessonsDone: number;
	lessonsTotal: number | null;
	attempts: number;
	bestScore: number | null;
	exam: ExamStatus;
	certificate: { number: string; revoked: boolean } | null;
}

/** One row per course the learner started, from the learner-course summary and their certificates. */
export async function courseProgressOf(learnerId: number): Promise<CourseProgress[]> {
	const courses = new Map((await listCourses()).map((c) => [c.slug, c]));
	// Courses in the catalogue's order; a course no longer there goes last.
	const order = (slug: string) => courses.get(slug)?.order ?? Number.MAX_SAFE_INTEGER;
	const rows = await db
		.select({
			courseSlug: learnerCourses.courseSlug,
			lessonsDone: learnerCourses.lessonsDone,
			attempts: learnerCourses.attempts,
			passed: learnerCourses.passedAttempts,
			bestScore: learnerCourses.bestScore,
			number: certificates.number,
			revokedAt: certificates.revokedAt,
			certificateTitle: certificates.courseTitle
		})
		.from(learnerCourses)
		.leftJoin(
			certificates,
			and(eq(certificates.userId, learnerCourses.userId), eq(certificates.courseSlug, learnerCourses.courseSlug))
		)
		.where(eq(learnerCourses.userId, learnerId));
	const withExam = new Set<string>();
	for (const r of rows)
		if (courses.has(r.courseSlug) && (await getCourse(r.courseSlug))?.hasExam) withExam.add(r.courseSlug);
	return rows
		.map((r): CourseProgress => {
			const course = courses.get(r.courseSlug);
			const total = course?.lessonCount ?? null;
			const exam: ExamStatus = r.passed > 0 ? 'passed' : r.attempts > 0 ? 'failed' : 'not_taken';
			return {
				courseSlug: r.courseSlug,
				title: course?.title ?? r.certificateTitle ?? r.courseSlug,
				lessonsDone: total === null ? r.lessonsDone : Math.min(r.lessonsDone, total),
				lessonsTotal: total,
				attempts: r.attempts,
				bestScore: r.bestScore,
				exam: course && !withExam.has(r.courseSlug) ? 'none' : exam,
				certificate: r.number ? { number: r.number, revoked: r.revokedAt !== null } : null
			};
		})
		.sort((a, b) => order(a.courseSlug) - order(b.courseSlug));
}

export type TitledTimelineItem = TimelineItem & { courseTitle: string; lessonTitle?: string };

/** The timeline with each course's and lesson's title (the slug when a course or lesson is no longer there). */
export async function withTitles(items: TimelineItem[]): Promise<TitledTimelineItem[]> {
	const lessonTitles = new Map<string, Map<string, string>>();
	const courseTitle = new Map<string, string>();
	const course = async (slug: string) => {
		if (!courseTitle.has(slug)) {
			const c = await getCourse(slug);
			courseTitle.set(slug, c?.title ?? slug);
			lessonTitles.set(slug, new Map(c?.lessons.map((l) => [l.slug, l.title]) ?? []));
		}
		return courseTitle.get(slug)!;
	};
	for (const item of items) await course(item.courseSlug);
	return items.map((item) => {
		const title = courseTitle.get(item.courseSlug)!;
		if (item.kind !== 'lesson') return { ...item, courseTitle: title };
		return {
			...item,
			courseTitle: title,
			lessonTitle: lessonTitles.get(item.courseSlug)?.get(item.lessonSlug) ?? item.lessonSlug
		};
	});
}
