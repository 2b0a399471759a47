// What learners say about one course, for its trainer: the faces given to the course and to each lesson, the
// latest comments and the lessons learners said they did not understand. Counts and words only, never who: no
// name, account, village or time finer than the day leaves this module, so no comment can be traced to a person.
// Only learners' ratings count (a trainer or staff member trying a course is not its audience).
import { and, count, desc, eq, isNotNull, ne } from 'drizzle-orm';
import { chinaIsoDay } from '../../dates.ts';
import { db } from '../db/index.ts';
import { learnerRatings, lessonNotUnderstood, users } from '../db/schema.ts';
import { RATING_FACES, type RatingFace } from '../../sync/rating.ts';

/** How many learners gave each face. */
export type FaceCounts = Record<RatingFace, number>;

/** The latest comments a trainer reads: enough to hear the learners, few enough to read on a phone. */
export const COMMENTS_SHOWN = 30;

export interface FeedbackComment {
	face: RatingFace;
	text: string;
	/** The lesson rated, or null for the course. */
	lessonSlug: string | null;
	/** The China calendar day of the rating (YYYY-MM-DD): no finer, so that it points at no one. */
	day: string;
}

export interface CourseFeedback {
	/** Faces given to the course as a whole. */
	course: FaceCounts;
	/** In the course's order: faces given to each lesson, and learners who said they did not understand it. */
	lessons: { slug: string; faces: FaceCounts; notUnderstood: number }[];
	/** The latest comments, newest first. */
	comments: FeedbackComment[];
}

export const noFaces = (): FaceCounts => ({ hard: 0, ok: 0, useful: 0 });

const learnersOnly = eq(users.role, 'learner');

/** Faces per lesson ('' is the course itself) of a course, or of every course (`courseSlug` undefined). */
export async function faceCounts(
	courseSlug?: string
): Promise<{ courseSlug: string; lessonSlug: string; face: RatingFace; n: number }[]> {
	return await db
		.select({
			courseSlug: learnerRatings.courseSlug,
			lessonSlug: learnerRatings.lessonSlug,
			face: learnerRatings.face,
			n: count()
		})
		.from(learnerRatings)
		.innerJoin(users, eq(users.id, learnerRatings.userId))
		.where(and(courseSlug === undefined ? undefined : eq(learnerRatings.courseSlug, courseSlug), learnersOnly))
		.groupBy(learnerRatings.courseSlug, learnerRatings.lessonSlug, learnerRatings.face);
}

/** Learners who said they did not understand each lesson of a course, or of every course. */
export async function notUnderstoodCounts(
	courseSlug?: string
): Promise<{ courseSlug: string; lessonSlug: string; n: number }[]> {
	return await db
		.select({ courseSlug: lessonNotUnderstood.courseSlug, lessonSlug: lessonNotUnderstood.lessonSlug, n: count() })
		.from(lessonNotUnderstood)
		.innerJoin(users, eq(users.id, lessonNotUnderstood.userId))
		.where(and(courseSlug === undefined ? undefined : eq(lessonNotUnderstood.courseSlug, courseSlug), learnersOnly))
		.groupBy(lessonNotUnderstood.courseSlug, lessonNotUnderstood.lessonSlug);
}

/**
 * The course's ratings, "我没看懂" counts and latest comments, with no trace of who said what; `lessonSlugs` in
 * the course's order (a lesson since removed from the course is left out).
 */
export async function courseFeedback(
	courseSlug: string,
	lessonSlugs: readonly string[],
	commentsShown = COMMENTS_SHOWN
): Promise<CourseFeedback> {
	const course = noFaces();
	const lessons = lessonSlugs.map((slug) => ({ slug, faces: noFaces(), notUnderstood: 0 }));
	const lesson = (slug: string) => lessons.find((l) => l.slug === slug);
	for (const row of await faceCounts(courseSlug)) {
		if (!RATING_FACES.includes(row.face)) continue;
		const faces = row.lessonSlug === '' ? course : lesson(row.lessonSlug)?.faces;
		if (faces) faces[row.face] += row.n;
	}
	for (const row of await notUnderstoodCounts(courseSlug)) {
		const entry = lesson(row.lessonSlug);
		if (entry) entry.notUnderstood += row.n;
	}
	const comments = (
		await db
			.select({
				face: learnerRatings.face,
				text: learnerRatings.comment,
				lessonSlug: learnerRatings.lessonSlug,
				at: learnerRatings.ratedAt
			})
			.from(learnerRatings)
			.innerJoin(users, eq(users.id, learnerRatings.userId))
			.where(
				and(
					eq(learnerRatings.courseSlug, courseSlug),
					isNotNull(learnerRatings.comment),
					ne(learnerRatings.comment, ''),
					learnersOnly
				)
			)
			.orderBy(desc(learnerRatings.ratedAt))
			.limit(commentsShown)
	).map((r) => ({ face: r.face, text: r.text!, lessonSlug: r.lessonSlug || null, day: chinaIsoDay(r.at) }));
	return { course, lessons, comments };
}
