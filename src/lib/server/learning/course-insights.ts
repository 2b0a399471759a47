// How learners do in one course, for the trainer who wrote it: where they stop, which exam questions they miss.
// Counts only, never names: trainers see the whole county's learners, so nothing here identifies anyone.
import { count, desc, eq } from 'drizzle-orm';
import type { Question } from '../../content/format.js';
import { getCourse, getExam } from '../content/index.ts';
import { db } from '../db/index.ts';
import { examAttempts, examTickets, lessonCompletions } from '../db/schema.ts';
import { examKey } from './exam-versions.ts';
import { markQuestion } from '../quiz/grade.ts';

/** Question statistics come from this many of the latest attempts: plenty to see a pattern, bounded in cost. */
export const ATTEMPTS_ANALYSED = 2000;

export interface LessonReach {
	slug: string;
	title: string;
	/** Learners who marked this lesson done (in any content version). */
	completed: number;
}

export interface QuestionStats {
	id: string;
	/** 1-based position in the exam file. */
	number: number;
	text: string;
	/** Attempts in which this question was asked (a question added later was not asked in older attempts). */
	asked: number;
	/** Attempts that got it fully right. */
	right: number;
	/** Points earned over points possible (partial credit counts), 0..1; null when never asked. */
	share: number | null;
	/** The wrong option chosen most often, with how many attempts chose it. */
	commonMistake: { text: string; times: number } | null;
	/** The lesson the exam file points to for this question. */
	review: string | null;
}

export interface CourseInsights {
	lessons: LessonReach[];
	/** Exam questions, hardest first. */
	questions: QuestionStats[];
	attemptsAnalysed: number;
}

/** Where the course's learners stop, and how its exam questions fare over the latest attempts. */
export async function courseInsights(courseSlug: string, limit = ATTEMPTS_ANALYSED): Promise<CourseInsights | null> {
	const course = await getCourse(courseSlug);
	if (!course) return null;
	const completed = new Map(
		(
			await db
				.select({ slug: lessonCompletions.lessonSlug, n: count() })
				.from(lessonCompletions)
				.where(eq(lessonCompletions.courseSlug, courseSlug))
				.groupBy(lessonCompletions.lessonSlug)
		).map((r) => [r.slug, r.n])
	);
	const lessons = course.lessons.map((l) => ({ slug: l.slug, title: l.title, completed: completed.get(l.slug) ?? 0 }));

	const current = await getExam(courseSlug);
	if (!current) return { lessons, questions: [], attemptsAnalysed: 0 };
	const attempts = await db
		.select({ version: examAttempts.contentVersion, answers: examAttempts.answers, asked: examTickets.questionIds })
		.from(examAttempts)
		// Only attempts marked on a ticket: probes without one (or from before tickets) say nothing about learners.
		.innerJoin(examTickets, eq(examTickets.id, examAttempts.ticketId))
		.where(eq(examAttempts.courseSlug, courseSlug))
		.orderBy(desc(examAttempts.submittedAt))
		.limit(limit);

	const stats = current.questions.map((q, i) => ({
		question: q,
		number: i + 1,
		asked: 0,
		right: 0,
		points: 0,
		wrong: new Map<string, number>()
	}));
	const byId = new Map(stats.map((s) => [s.question.id, s]));
	// Each attempt is marked against the questions of the version it was taken on, as it was graded.
	const versions = new Map<string, Map<string, Question> | null>();
	for (const attempt of attempts) {
		if (!versions.has(attempt.version)) {
			const key = await examKey(courseSlug, attempt.version);
			versions.set(attempt.version, key ? new Map(key.questions.map((q) => [q.id, q])) : null);
		}
		const key = versions.get(attempt.version);
		if (!key) continue;
		// Only the questions this attempt's ticket drew (a pool asks some of them).
		for (const id of attempt.asked) {
			const question = key.get(id);
			if (!question) continue;
			const s = byId.get(id);
			// A question whose text changed since is a different question: its old answers say nothing about it.
			if (!s || question.text !== s.question.text) continue;
			const chosen = attempt.answers[id] ?? [];
			const points = markQuestion(question, chosen);
			s.asked++;
			s.points += points;
			if (points === 1) s.right++;
			for (const optionId of chosen) {
				const option = question.options.find((o) => o.id === optionId);
				if (option && !option.correct) s.wrong.set(option.text, (s.wrong.get(option.text) ?? 0) + 1);
			}
		}
	}

	const questions = stats
		.map((s): QuestionStats => {
			const [text, times] = [...s.wrong].sort((a, b) => b[1] - a[1])[0] ?? [];
			return {
				id: s.question.id,
				number: s.number,
				text: s.question.text,
				asked: s.asked,
				right: s.right,
				share: s.asked ? s.points / s.asked : null,
				commonMistake: text === undefined ? null : { text, times: times! },
				review: s.question.review ?? null
			};
		})
		.sort((a, b) => (a.share ?? 2) - (b.share ?? 2) || a.number - b.number);
	return { lessons, questions, attemptsAnalysed: attempts.length };
}
