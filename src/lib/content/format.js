// The course authoring format (content/README.md) in one place: the build-time preprocessor, the server index
// and the checker all parse with these functions, so they can never disagree about what a file means.
// Plain JavaScript with JSDoc, because svelte.config.js imports it without a TypeScript loader.
import { LineCounter, isAlias, isNode, parseDocument, visit } from 'yaml';
import { z } from 'zod';

/** @typedef {import('./problems.js').Problem} Problem */
/** @typedef {import('./problems.js').CheckerCode} CheckerCode */
/** @typedef {{ src: string, alt: string }} Picture */
/** @typedef {{ id: string, text: string, image?: Picture, correct: boolean }} Option */
/** @typedef {'single' | 'multiple' | 'truefalse'} QuestionType */
/**
 * @typedef {object} Question
 * @property {string} id
 * @property {QuestionType} type
 * @property {string} text
 * @property {Picture} [image]
 * @property {Option[]} options
 * @property {string} explanation
 * @property {string} [review] lesson slug to read again (exam only)
 * @property {number} line 1-based line in the file
 */
/** @typedef {{ start: number, end: number, questions: Question[] }} QuizBlock body line indexes, inclusive */

const FRONT_MATTER_FENCE = /^---\s*$/;

/**
 * Splits `---` front matter from the body and parses it as YAML.
 * @param {string} source
 * @returns {{ data: Record<string, unknown> | null, body: string, bodyStartLine: number, problems: Problem[], keyLines: Record<string, number> }}
 *   data is null when there is no front matter (or it cannot be read); keyLines maps each key to its file line.
 */
export function parseFrontMatter(source) {
	const lines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
	// Without a prototype, so a key named like one of Object's own (`__proto__`, `constructor`) gets its line too.
	/** @type {Record<string, number>} */
	const keyLines = Object.create(null);
	if (!FRONT_MATTER_FENCE.test(lines[0] ?? '')) {
		return { data: null, body: lines.join('\n'), bodyStartLine: 1, problems: [], keyLines };
	}
	const close = lines.findIndex((line, i) => i > 0 && FRONT_MATTER_FENCE.test(line));
	if (close < 0) {
		/** @type {Problem[]} */
		const problems = [{ line: 1, code: 'front_matter_unclosed' }];
		return { data: null, body: lines.join('\n'), bodyStartLine: 1, problems, keyLines };
	}
	const body = lines.slice(close + 1).join('\n');
	const bodyStartLine = close + 2;
	const lineCounter = new LineCounter();
	const doc = parseDocument(lines.slice(1, close).join('\n'), { lineCounter, prettyErrors: false });
	if (doc.errors.length > 0) {
		/** @type {Problem[]} */
		const problems = doc.errors.map((error) => ({
			line: 1 + lineCounter.linePos(error.pos[0]).line,
			code: 'front_matter_yaml',
			params: { detail: error.message.split(/ at line \d|\n/)[0] }
		}));
		return { data: null, body, bodyStartLine, problems, keyLines };
	}
	// YAML reads a value that starts with * or & as a reference to another value (`title: **重点**养鸡`, bold
	// written as in a lesson), which is a mistake in a course's settings, never a meaning: said at its line, before
	// reading the values, which would throw on a reference to nothing or on a chain of references.
	/** @type {Problem[]} */
	const references = [];
	visit(doc, (_key, node) => {
		if (!isAlias(node) && !(isNode(node) && node.anchor)) return;
		references.push({ line: 1 + lineCounter.linePos(node.range?.[0] ?? 0).line, code: 'front_matter_reference' });
	});
	if (references.length > 0) return { data: null, body, bodyStartLine, problems: references, keyLines };
	/** @type {unknown} */
	let data;
	try {
		data = doc.toJS();
	} catch (error) {
		// Nothing known reaches here any more; a file that does is still a problem at its front matter, not a crash.
		/** @type {Problem[]} */
		const problems = [
			{ line: 2, code: 'front_matter_yaml', params: { detail: String(/** @type {Error} */ (error)?.message ?? error) } }
		];
		return { data: null, body, bodyStartLine, problems, keyLines };
	}
	if (data === null || data === undefined) return { data: {}, body, bodyStartLine, problems: [], keyLines };
	if (typeof data !== 'object' || Array.isArray(data)) {
		/** @type {Problem[]} */
		const problems = [{ line: 2, code: 'front_matter_not_mapping' }];
		return { data: null, body, bodyStartLine, problems, keyLines };
	}
	const contents = /** @type {any} */ (doc.contents);
	for (const pair of contents?.items ?? []) {
		if (pair.key?.range) keyLines[String(pair.key.value)] = 1 + lineCounter.linePos(pair.key.range[0]).line;
	}
	return { data: /** @type {Record<string, unknown>} */ (data), body, bodyStartLine, problems: [], keyLines };
}

const text = z.string().trim().min(1);
const positiveInt = z.number().int().positive();

export const courseMetaSchema = z.strictObject({
	title: text,
	summary: text,
	category: z.enum(['farming', 'business', 'internet']),
	language: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/),
	level: z.enum(['beginner', 'intermediate']),
	minutes: positiveInt,
	cover: text,
	passMark: z.number().int().min(0).max(100),
	examAttemptsPerDay: z.number().int().min(1).default(3),
	requireAllLessons: z.boolean().default(true),
	// Who reads the lessons' `audio:` recordings: a person, or a computer (text-to-speech). Learners are told
	// which, so nobody takes a machine voice for a person.
	narration: z.enum(['person', 'synthetic']).default('person')
});

export const lessonMetaSchema = z.strictObject({ title: text, minutes: positiveInt, audio: text.optional() });

/** `draw`: how many questions one attempt asks, drawn from all of them (a pool); absent: every question. */
export const examMetaSchema = z.strictObject({ title: text.optional(), draw: positiveInt.optional() });

/** @typedef {z.infer<typeof courseMetaSchema>} CourseMeta */
/** @typedef {z.infer<typeof lessonMetaSchema>} LessonMeta */
/** @typedef {z.infer<typeof examMetaSchema>} ExamMeta */

/**
 * What each field must be, as the checker's code for a wrong value.
 * @type {Record<string, CheckerCode>}
 */
const FIELD_CODES = {
	title: 'field_not_text',
	summary: 'field_not_text',
	category: 'field_not_category',
	language: 'field_not_language',
	level: 'field_not_level',
	minutes: 'field_not_positive',
	cover: 'field_not_picture',
	passMark: 'field_not_pass_mark',
	examAttemptsPerDay: 'field_not_attempts',
	requireAllLessons: 'field_not_boolean',
	narration: 'field_not_narration',
	audio: 'field_not_audio',
	draw: 'field_not_positive'
};

/**
 * Validates parsed front matter against a schema, with a problem at each field's line.
 * @template {z.ZodType} S
 * @param {S} schema
 * @param {ReturnType<typeof parseFrontMatter>} frontMatter
 * @returns {{ meta: z.infer<S> | null, problems: Problem[] }}
 */
export function validateMeta(schema, frontMatter) {
	if (frontMatter.problems.length > 0) return { meta: null, problems: frontMatter.problems };
	if (frontMatter.data === null) return { meta: null, problems: [{ line: 1, code: 'front_matter_missing' }] };
	const data = frontMatter.data;
	const result = schema.safeParse(data);
	if (result.success) return { meta: result.data, problems: [] };
	/** @type {Problem[]} */
	const problems = [];
	for (const issue of result.error.issues) {
		const keys = issue.code === 'unrecognized_keys' ? issue.keys : [String(issue.path[0])];
		for (const key of keys) {
			const line = frontMatter.keyLines[key] ?? 1;
			/** @type {CheckerCode} */
			let code = Object.hasOwn(FIELD_CODES, key) ? FIELD_CODES[key] : 'field_invalid';
			if (issue.code === 'unrecognized_keys') code = 'field_unknown';
			else if (data[key] === undefined || data[key] === null) code = 'field_missing';
			problems.push({ line, code, params: { field: key } });
		}
	}
	return { meta: null, problems };
}

export * from './names.js';
export { findFences, parseQuizBlocks } from './quiz.js';
export { findLessonLinks, findMediaRefs, maskFences } from './refs.js';
