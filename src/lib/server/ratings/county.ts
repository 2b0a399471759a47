// Every course's ratings side by side, for the county admin. Courses have no trainer of their own yet, so the
// table is by course; counts only.
import { listCourses } from '../content/index.ts';
import { faceCounts, noFaces, notUnderstoodCounts, type FaceCounts } from './course-feedback.ts';

export interface CourseRatingsRow {
	slug: string;
	title: string;
	/** Faces given to the course as a whole. */
	course: FaceCounts;
	/** Faces given to its lessons, all lessons together. */
	lessons: FaceCounts;
	/** "我没看懂" taps on its lessons (each learner once per lesson). */
	notUnderstood: number;
}

/** One row per course, in the catalogue's order. */
export function countyRatings(): CourseRatingsRow[] {
	const rows = listCourses().map((c) => ({
		slug: c.slug,
		title: c.title,
		course: noFaces(),
		lessons: noFaces(),
		notUnderstood: 0
	}));
	const bySlug = new Map(rows.map((r) => [r.slug, r]));
	for (const r of faceCounts()) {
		const row = bySlug.get(r.courseSlug);
		if (row) (r.lessonSlug === '' ? row.course : row.lessons)[r.face] += r.n;
	}
	for (const r of notUnderstoodCounts()) {
		const row = bySlug.get(r.courseSlug);
		if (row) row.notUnderstood += r.n;
	}
	return rows;
}
