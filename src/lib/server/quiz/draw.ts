import { shuffleExam } from './shuffle.ts';

/**
 * The questions of one attempt, in its order: the exam shuffled by the attempt's seed, then the first `draw` of
 * them (all when the exam is not a pool). A ticket keeps the ids; the same seed and ids give the same page on
 * the server and on the phone, so the attempt can be shown offline and marked against exactly what was asked.
 */
export function drawExam<Q extends { id: string; type: string; options: readonly unknown[] }>(
	questions: readonly Q[],
	seed: number,
	draw: number | null
): Q[] {
	return shuffleExam(questions, seed).slice(0, draw ?? questions.length);
}

/** The questions a ticket names, in the attempt's order (the order drawExam gave them). */
export function ticketQuestions<Q extends { id: string; type: string; options: readonly unknown[] }>(
	questions: readonly Q[],
	seed: number,
	ids: readonly string[]
): Q[] {
	const asked = new Set(ids);
	return shuffleExam(questions, seed).filter((q) => asked.has(q.id));
}
