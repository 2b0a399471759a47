// ```quiz blocks: practice questions in lessons, the final exam in exam.md (content/README.md).
import { LESSON_FILE_RE } from './names.js';

/** @typedef {import('./problems.js').Problem} Problem */
/** @typedef {import('./problems.js').CheckerCode} CheckerCode */
/** @typedef {import('./problems.js').ProblemParams} ProblemParams */
/** @typedef {(index: number, code: CheckerCode, params?: ProblemParams) => void} Report */
/** @typedef {import('./format.js').Question} Question */
/** @typedef {import('./format.js').QuizBlock} QuizBlock */
/** @typedef {{ start: number, end: number, info: string, closed: boolean }} Fence line indexes, inclusive */

const TYPES = /** @type {const} */ ({
	单选: 'single',
	多选: 'multiple',
	判断: 'truefalse',
	single: 'single',
	multiple: 'multiple',
	truefalse: 'truefalse'
});
const TYPE_RE = /^(单选|多选|判断|single|multiple|truefalse)\s*[：:]\s*(.*)$/i;
const OPTION_RE = /^[-*]\s+\[([ xX])\]\s*(.*)$/;
const EXPLAIN_RE = /^(?:解释|explain)\s*[：:]\s*(.*)$/i;
const REVIEW_RE = /^(?:复习|review)\s*[：:]\s*(.*)$/i;
const PICTURE_RE = /^!\[([^\]]*)\]\(\s*([^)\s]+)\s*\)$/;
const OPEN_FENCE_RE = /^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)/;
const TRUE_FALSE_PAIRS = [
	['对', '错'],
	['true', 'false']
];

/**
 * Every fenced code block in markdown lines, so quiz blocks and example code are told apart.
 * @param {string[]} lines
 * @returns {Fence[]}
 */
export function findFences(lines) {
	/** @type {Fence[]} */
	const fences = [];
	for (let i = 0; i < lines.length; i++) {
		const open = OPEN_FENCE_RE.exec(lines[i]);
		if (!open) continue;
		const marker = open[1];
		const closeRe = new RegExp(`^ {0,3}${marker[0] === '`' ? '`' : '~'}{${marker.length},}\\s*$`);
		let end = i + 1;
		while (end < lines.length && !closeRe.test(lines[end])) end++;
		const closed = end < lines.length;
		fences.push({ start: i, end: closed ? end : lines.length - 1, info: open[2], closed });
		i = end;
	}
	return fences;
}

/**
 * Finds every ```quiz block in a markdown body and parses its questions.
 * @param {string} body markdown after the front matter
 * @param {{ exam?: boolean, bodyStartLine?: number }} [options] bodyStartLine: file line of the body's first line
 * @returns {{ questions: Question[], problems: Problem[], blocks: QuizBlock[], reviews: { questionId: string, file: string, line: number }[] }}
 */
export function parseQuizBlocks(body, { exam = false, bodyStartLine = 1 } = {}) {
	const lines = body.split(/\r?\n/);
	/** @type {Question[]} */
	const questions = [];
	/** @type {Problem[]} */
	const problems = [];
	/** @type {QuizBlock[]} */
	const blocks = [];
	/** @type {{ questionId: string, file: string, line: number }[]} */
	const reviews = [];
	/** @type {Report} */
	const problem = (index, code, params) => {
		problems.push({ line: bodyStartLine + index, code, ...(params && { params }) });
	};

	for (const fence of findFences(lines)) {
		if (fence.info !== 'quiz') continue;
		if (!fence.closed) problem(fence.start, 'quiz_unclosed');
		const last = fence.closed ? fence.end - 1 : fence.end;
		/** @type {Question[]} */
		const inBlock = [];
		/** @type {{ q: Question | null, index: number, review: boolean, explained: boolean } | null} */
		let current = null;
		let afterBlank = false;

		const finish = () => {
			if (current?.q) {
				checkQuestion(current.q, current.explained, current.review, exam, current.index, problem);
				inBlock.push(current.q);
			}
			current = null;
		};

		for (let i = fence.start + 1; i <= last; i++) {
			const line = lines[i].trim();
			if (!line) {
				afterBlank = true;
				continue;
			}
			const typed = TYPE_RE.exec(line);
			const option = OPTION_RE.exec(line);
			const explain = EXPLAIN_RE.exec(line);
			const review = REVIEW_RE.exec(line);
			const picture = PICTURE_RE.exec(line);
			/** @type {Question | null} */
			const q = current?.q ?? null;
			if (typed) {
				finish();
				const type = TYPES[/** @type {keyof typeof TYPES} */ (typed[1].toLowerCase())] ?? TYPES.single;
				const id = `q${questions.length + inBlock.length + 1}`;
				const question = { id, type, text: typed[2].trim(), options: [], explanation: '', line: bodyStartLine + i };
				current = { q: question, index: i, review: false, explained: false };
			} else if (!current) {
				current = { q: null, index: i, review: false, explained: false };
				problem(i, 'question_no_type');
			} else if (!q) {
				// The rest of a question without a type: already reported once.
			} else if (option) {
				if (current.explained) problem(i, 'option_after_explanation');
				const optionPicture = PICTURE_RE.exec(option[2].trim());
				const id = String.fromCharCode(97 + q.options.length);
				const text = optionPicture ? '' : option[2].trim();
				q.options.push({ id, text, correct: option[1] !== ' ' });
				if (optionPicture) q.options[q.options.length - 1].image = pictureOf(optionPicture, i, problem);
				else if (!text) problem(i, 'option_no_text');
			} else if (explain) {
				if (current.explained) problem(i, 'question_two_explanations');
				q.explanation = explain[1].trim();
				current.explained = true;
			} else if (review) {
				if (!exam) problem(i, 'review_outside_exam');
				else if (!LESSON_FILE_RE.test(review[1].trim())) problem(i, 'review_not_lesson_file');
				else {
					q.review = /** @type {RegExpExecArray} */ (LESSON_FILE_RE.exec(review[1].trim()))[2];
					reviews.push({ questionId: q.id, file: review[1].trim(), line: bodyStartLine + i });
				}
				current.review = true;
			} else if (picture && q.options.length === 0 && !current.explained) {
				if (q.image) problem(i, 'question_two_pictures');
				q.image = pictureOf(picture, i, problem);
			} else if (picture) {
				problem(i, 'question_picture_misplaced');
			} else if (current.explained && !afterBlank && !current.review) {
				q.explanation += `\n${line}`;
			} else if (q.options.length === 0 && !current.explained) {
				q.text += q.text ? `\n${line}` : line;
			} else {
				finish();
				current = { q: null, index: i, review: false, explained: false };
				problem(i, 'question_no_type');
			}
			afterBlank = false;
		}
		finish();
		if (inBlock.length === 0 && !problems.some((p) => p.line > bodyStartLine + fence.start)) {
			problem(fence.start, 'quiz_empty');
		}
		questions.push(...inBlock);
		blocks.push({ start: fence.start, end: fence.end, questions: inBlock });
	}
	return { questions, problems, blocks, reviews };
}

/**
 * @param {RegExpExecArray} match
 * @param {number} index
 * @param {Report} problem
 */
function pictureOf(match, index, problem) {
	const alt = match[1].trim();
	if (!alt) problem(index, 'quiz_picture_no_alt');
	return { src: match[2], alt };
}

/**
 * @param {Question} q
 * @param {boolean} explained
 * @param {boolean} reviewed
 * @param {boolean} exam
 * @param {number} index
 * @param {Report} problem
 */
function checkQuestion(q, explained, reviewed, exam, index, problem) {
	const right = q.options.filter((o) => o.correct).length;
	if (!q.text && !q.image) problem(index, 'question_no_text');
	if (q.options.length < 2 || q.options.length > 6) {
		problem(index, 'question_option_count', { count: q.options.length });
	}
	if (!explained || !q.explanation) problem(index, 'question_no_explanation');
	if (right === 0) problem(index, 'question_no_right_answer');
	if (q.type === 'single' && right > 1) problem(index, 'single_many_right', { count: right });
	if (q.type === 'truefalse') {
		if (right > 1) problem(index, 'truefalse_many_right', { count: right });
		const texts = q.options.map((o) => o.text.toLowerCase());
		const pair = TRUE_FALSE_PAIRS.some((p) => texts.length === 2 && p.every((t) => texts.includes(t)));
		if (!pair) problem(index, 'truefalse_options');
	}
	if (exam && !reviewed) problem(index, 'exam_question_no_review');
}
