import type { Question } from '../../content/format.js';

/** A learner's answer to one question: the ids of the options they chose. */
export type Answers = Record<string, string[]>;

/**
 * How each question type is marked; one place to read the rules.
 * - single, truefalse: 1 point for exactly the right option, otherwise 0.
 * - multiple: partial credit = (right options chosen − wrong options chosen) ÷ number of right options,
 *   never below 0. Choosing every option therefore earns nothing unless every option is right, so guessing
 *   "all of them" does not pay.
 */
export const MARKING = {
	single: 'exact',
	truefalse: 'exact',
	multiple: 'partial'
} as const satisfies Record<Question['type'], 'exact' | 'partial'>;

/** The points (0–1) one answer earns. Unknown option ids count as wrong choices; duplicates count once. */
export function markQuestion(question: Pick<Question, 'type' | 'options'>, chosen: readonly string[]): number {
	const picked = new Set(chosen);
	const right = question.options.filter((o) => o.correct).map((o) => o.id);
	const rightPicked = right.filter((id) => picked.has(id)).length;
	const wrongPicked = picked.size - rightPicked;
	if (MARKING[question.type] === 'exact') return picked.size === 1 && rightPicked === 1 ? 1 : 0;
	return Math.max(0, (rightPicked - wrongPicked) / right.length);
}

export interface GradedExam {
	/** 0–100, rounded to a whole number. */
	score: number;
	passed: boolean;
	/** Question ids not fully right, in exam order. */
	missed: string[];
	/** Lesson slugs to read again (from the missed questions' review lines), in course order of first miss. */
	review: string[];
}

/** Marks a whole exam: every question weighs the same; unanswered questions earn nothing. */
export function gradeExam(questions: readonly Question[], answers: Answers, passMark: number): GradedExam {
	let points = 0;
	const missed: string[] = [];
	const review: string[] = [];
	for (const question of questions) {
		const earned = markQuestion(question, answers[question.id] ?? []);
		points += earned;
		if (earned < 1) {
			missed.push(question.id);
			if (question.review && !review.includes(question.review)) review.push(question.review);
		}
	}
	const score = questions.length ? Math.round((100 * points) / questions.length) : 0;
	return { score, passed: score >= passMark, missed, review };
}
