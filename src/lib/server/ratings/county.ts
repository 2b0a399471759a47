// Every course's ratings side by side, for the county admin, and each trainer's: a course's trainer is who
// published the version learners have now (the shipped courses' first versions came with the app). Counts only.
import { eq } from 'drizzle-orm';
import { db } from '../db/index.ts';
import { courseVersions, users } from '../db/schema.ts';
import { listCourses } from '../content/index.ts';
import { faceCounts, noFaces, notUnderstoodCounts, type FaceCounts } from './course-feedback.ts';

export interface CourseRatingsRow {
	slug: string;
	title: string;
	/** Who published the live version; null: it came with the app. */
	trainer: { id: number; name: string } | null;
	/** Faces given to the course as a whole. */
	course: FaceCounts;
	/** Faces given to its lessons, all lessons together. */
	lessons: FaceCounts;
	/** "我没看懂" taps on its lessons (each learner once per lesson). */
	notUnderstood: number;
}

/** One row per course, in the catalogue's order. */
export async function countyRatings(): Promise<CourseRatingsRow[]> {
	const publishers = new Map(
		(
			await db
				.select({ slug: courseVersions.courseSlug, id: users.id, name: users.name })
				.from(courseVersions)
				.innerJoin(users, eq(users.id, courseVersions.publishedBy))
				.where(eq(courseVersions.status, 'published'))
		).map((r) => [r.slug, { id: r.id, name: r.name }])
	);
	const rows = (await listCourses()).map((c) => ({
		slug: c.slug,
		title: c.title,
		trainer: publishers.get(c.slug) ?? null,
		course: noFaces(),
		lessons: noFaces(),
		notUnderstood: 0
	}));
	const bySlug = new Map(rows.map((r) => [r.slug, r]));
	for (const r of await faceCounts()) {
		const row = bySlug.get(r.courseSlug);
		if (row) (r.lessonSlug === '' ? row.course : row.lessons)[r.face] += r.n;
	}
	for (const r of await notUnderstoodCounts()) {
		const row = bySlug.get(r.courseSlug);
		if (row) row.notUnderstood += r.n;
	}
	return rows;
}

export interface TrainerRatingsRow {
	trainer: { id: number; name: string } | null;
	courses: number;
	course: FaceCounts;
	lessons: FaceCounts;
	notUnderstood: number;
}

/** The course rows added up by trainer (the courses that came with the app together, as trainer null). */
export function trainerRatings(rows: CourseRatingsRow[]): TrainerRatingsRow[] {
	const byTrainer = new Map<number | null, TrainerRatingsRow>();
	for (const row of rows) {
		const key = row.trainer?.id ?? null;
		let sum = byTrainer.get(key);
		if (!sum) {
			sum = { trainer: row.trainer, courses: 0, course: noFaces(), lessons: noFaces(), notUnderstood: 0 };
			byTrainer.set(key, sum);
		}
		sum.courses += 1;
		sum.notUnderstood += row.notUnderstood;
		for (const face of Object.keys(row.course) as (keyof FaceCounts)[]) {
			sum.course[face] += row.course[face];
			sum.lessons[face] += row.lessons[face];
		}
	}
	return [...byTrainer.values()];
}
