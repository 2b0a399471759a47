// exam.md of a course folder: at least ten questions, each naming a lesson to review; optionally a pool
// (`draw: N` in front matter) from which each attempt asks N.
import { examMetaSchema, parseFrontMatter, parseQuizBlocks, validateMeta } from '../../content/format.js';
import type { ExamMeta, Problem, Question } from '../../content/format.js';

export type ParsedExam = { meta: ExamMeta; questions: Question[] };

export const MIN_EXAM_QUESTIONS = 10;

/** Parses exam.md; null when it cannot be used. Problems go to report. */
export function parseExam(
	source: string,
	lessonFiles: string[],
	report: (file: string, list: Problem[]) => void,
	checkBody: (file: string, body: string, bodyStartLine: number, questions: Question[]) => void
): ParsedExam | null {
	const frontMatter = parseFrontMatter(source);
	// An exam may do without front matter: its only field, the title, is optional.
	const result =
		frontMatter.data === null && frontMatter.problems.length === 0
			? { meta: {}, problems: [] }
			: validateMeta(examMetaSchema, frontMatter);
	const quiz = parseQuizBlocks(frontMatter.body, { exam: true, bodyStartLine: frontMatter.bodyStartLine });
	const problems = [...result.problems, ...quiz.problems];
	if (quiz.questions.length < MIN_EXAM_QUESTIONS) {
		problems.unshift({
			line: 1,
			message: `exam has ${quiz.questions.length} questions; it needs at least ${MIN_EXAM_QUESTIONS}`
		});
	}
	// A pool: each attempt asks `draw` of the questions, so a score does not give the key away.
	const draw = result.meta?.draw;
	if (draw !== undefined && (draw > quiz.questions.length || draw < MIN_EXAM_QUESTIONS)) {
		problems.push({
			line: frontMatter.keyLines.draw ?? 1,
			message:
				draw > quiz.questions.length
					? `draw is ${draw}, but the exam has only ${quiz.questions.length} questions`
					: `draw is ${draw}; an attempt needs at least ${MIN_EXAM_QUESTIONS} questions`
		});
	}
	for (const review of quiz.reviews) {
		if (!lessonFiles.includes(review.file)) {
			problems.push({
				line: review.line,
				message: `review names "${review.file}", which is not a lesson of this course`
			});
		}
	}
	report(
		'exam.md',
		problems.sort((a, b) => a.line - b.line)
	);
	checkBody('exam.md', frontMatter.body, frontMatter.bodyStartLine, quiz.questions);
	return result.meta && problems.length === 0 ? { meta: result.meta, questions: quiz.questions } : null;
}
