// exam.md of a course folder: at least ten questions, each naming a lesson to review; optionally a pool
// (`draw: N` in front matter) from which each attempt asks N.
import { examMetaSchema, parseFrontMatter, parseQuizBlocks, validateMeta } from '../../content/format.js';
import type { ExamMeta, Question } from '../../content/format.js';
import type { Problem } from '../../content/problems.js';

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
	const problems: Problem[] = [...result.problems, ...quiz.problems];
	const count = quiz.questions.length;
	if (count < MIN_EXAM_QUESTIONS) {
		problems.unshift({ line: 1, code: 'exam_too_short', params: { count, min: MIN_EXAM_QUESTIONS } });
	}
	// A pool: each attempt asks `draw` of the questions, so a score does not give the key away.
	const draw = result.meta?.draw;
	if (draw !== undefined && (draw > count || draw < MIN_EXAM_QUESTIONS)) {
		problems.push({
			line: frontMatter.keyLines.draw ?? 1,
			...(draw > count
				? { code: 'draw_too_many', params: { draw, count } }
				: { code: 'draw_too_few', params: { draw, min: MIN_EXAM_QUESTIONS } })
		});
	}
	for (const review of quiz.reviews) {
		if (!lessonFiles.includes(review.file)) {
			problems.push({ line: review.line, code: 'review_unknown_lesson', params: { file: review.file } });
		}
	}
	report(
		'exam.md',
		problems.sort((a, b) => a.line - b.line)
	);
	checkBody('exam.md', frontMatter.body, frontMatter.bodyStartLine, quiz.questions);
	return result.meta && problems.length === 0 ? { meta: result.meta, questions: quiz.questions } : null;
}
