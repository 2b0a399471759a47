// Svelte markup preprocessor for course markdown, run before mdsvex (svelte.config.js).
// It turns the authoring format (content/README.md) into what mdsvex and Svelte understand:
// quiz blocks become <PracticeQuiz>, media file names become imports (so Vite fingerprints them),
// lesson file links become app URLs, and the content components are imported for the trainer.
// Anything else that Svelte would run (a script, braces, a tag outside the documented blocks) becomes plain text
// (markup.js): the checker refuses it first, this holds when a file reaches the build unchecked.
import {
	LESSON_FILE_RE,
	findLessonLinks,
	findMediaRefs,
	isLocalFileName,
	parseFrontMatter,
	parseQuizBlocks,
	slugFromFileName
} from './format.js';
import { readFileSync } from 'node:fs';
import { imageSize } from './image-size.js';
import { neutraliseMarkup, restoreNeutralised } from './neutralise.js';

const COMPONENTS = 'Tip, Warning, Steps, Figure, Audio, Term, PracticeQuiz';

/** @returns {import('svelte/compiler').PreprocessorGroup} */
export function coursePreprocess() {
	return {
		name: 'zhizhi-course',
		markup({ content, filename }) {
			const path = filename?.replaceAll('\\', '/');
			if (!path || !path.includes('/content/courses/') || !path.endsWith('.md')) return;
			if (path.endsWith('/exam.md')) {
				throw new Error(
					`${filename}: exam.md must never be compiled into a page (its answers would reach the browser). ` +
						'Only src/lib/server/content reads it, as ?raw text.'
				);
			}
			const folder = path.slice(0, path.lastIndexOf('/') + 1);
			return { code: transformCourseMarkdown(content, path, (src) => sizeOfFile(folder + src)) };
		}
	};
}

/**
 * Runs after mdsvex: the stand-ins of neutraliseMarkup become character references that show as text, and
 * mdsvex 0.12's <script context="module">, which Svelte 5 deprecates with a warning per file, becomes <script module>.
 * @returns {import('svelte/compiler').PreprocessorGroup}
 */
export function courseAfterMdsvex() {
	return {
		name: 'zhizhi-course-after-mdsvex',
		markup({ content, filename }) {
			const path = filename?.replaceAll('\\', '/');
			if (!path || !path.includes('/content/courses/') || !path.endsWith('.md')) return;
			return { code: restoreNeutralised(content).replace(/<script context="module">/g, '<script module>') };
		}
	};
}

/**
 * @param {string} file
 * @returns {{ width: number, height: number } | null}
 */
function sizeOfFile(file) {
	try {
		return imageSize(readFileSync(file));
	} catch {
		return null; // a missing picture is the checker's to report
	}
}

/** @param {string} value */
const escapeAttribute = (value) =>
	value
		.replace(/&/g, '&amp;')
		.replace(/"/g, '&quot;')
		.replace(/</g, '&lt;')
		.replace(/{/g, '&#123;')
		.replace(/}/g, '&#125;');

/**
 * Rewrites one course markdown file; pure, so it is tested without Vite.
 * @param {string} source
 * @param {string} path the file's path, with forward slashes
 * @param {(src: string) => { width: number, height: number } | null} [sizeOf] a picture's size (beside the file)
 */
export function transformCourseMarkdown(source, path, sizeOf = () => null) {
	const parts = path.split('/');
	const folder = parts[parts.length - 2];
	const courseSlug = slugFromFileName(folder) ?? folder;
	const frontMatter = parseFrontMatter(source);
	const header = source.split(/\r?\n/).slice(0, frontMatter.bodyStartLine - 1);
	const body = frontMatter.body;

	/** @type {Map<string, string>} */
	const media = new Map();
	const mediaId = (/** @type {string} */ src) => {
		if (!media.has(src)) media.set(src, `__m${media.size}`);
		return /** @type {string} */ (media.get(src));
	};
	/** @type {{ start: number, end: number, text: string }[]} */
	const edits = [];
	/** @type {string[]} */
	const constants = [];

	for (const ref of findMediaRefs(body, frontMatter.bodyStartLine)) {
		if (!isLocalFileName(ref.src)) continue;
		const id = mediaId(ref.src);
		if (ref.kind === 'figure') {
			// A <Figure> written as a tag gets its picture's size too, unless the author gave one.
			const tag = body.slice(body.lastIndexOf('<', ref.start), body.indexOf('>', ref.end) + 1);
			const size = /\s(width|height)\s*=/.test(tag) ? null : sizeOf(ref.src);
			const sized = size ? ` width={${Math.round(size.width)}} height={${Math.round(size.height)}}` : '';
			edits.push({ start: ref.start, end: ref.end, text: `src={${id}}${sized}` });
			continue;
		}
		if (ref.kind !== 'image') {
			edits.push({ start: ref.start, end: ref.end, text: `src={${id}}` });
			continue;
		}
		const lineStart = body.lastIndexOf('\n', ref.start - 1) + 1;
		const lineEnd = body.indexOf('\n', ref.end) < 0 ? body.length : body.indexOf('\n', ref.end);
		const alone = !body.slice(lineStart, ref.start).trim() && !body.slice(ref.end, lineEnd).trim();
		const alt = escapeAttribute(ref.alt ?? '');
		// The picture's own size lets the page keep its room before it loads (nothing jumps when it comes).
		const size = sizeOf(ref.src);
		const sized = size ? ` width={${Math.round(size.width)}} height={${Math.round(size.height)}}` : '';
		const text = alone
			? `<Figure src={${id}} alt="${alt}"${sized} />`
			: `<img src={${id}} alt="${alt}"${sized} loading="lazy" decoding="async" style="max-width:100%;height:auto" />`;
		edits.push({ start: ref.start, end: ref.end, text });
	}

	for (const link of findLessonLinks(body, frontMatter.bodyStartLine)) {
		const slug = LESSON_FILE_RE.exec(link.target)?.[2];
		if (slug) edits.push({ start: link.start, end: link.end, text: `/courses/${courseSlug}/${slug}${link.hash}` });
	}

	const lineOffsets = [0];
	for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lineOffsets.push(i + 1);
	const { blocks } = parseQuizBlocks(body, { bodyStartLine: frontMatter.bodyStartLine });
	for (const block of blocks) {
		const name = `__q${constants.length}`;
		constants.push(`const ${name} = ${questionsScript(block.questions, mediaId)};`);
		const end = block.end + 1 < lineOffsets.length ? lineOffsets[block.end + 1] - 1 : body.length;
		// One line for the component, blank lines for the rest: error line numbers stay those of the file.
		// Lessons reach the browser as server-rendered HTML; the wrapper carries the questions so that the lesson
		// page can bring the quiz to life there (practice keys may ship: they give instant feedback offline).
		const text =
			`<div class="practice" data-questions={JSON.stringify(${name})}><PracticeQuiz questions={${name}} /></div>` +
			'\n'.repeat(block.end - block.start);
		edits.push({ start: lineOffsets[block.start], end, text });
	}

	// Same length as the body, so the edits' offsets still hold; the edits themselves are ours and stay live.
	let rewritten = neutraliseMarkup(body);
	for (const edit of edits.sort((a, b) => b.start - a.start)) {
		rewritten = rewritten.slice(0, edit.start) + edit.text + rewritten.slice(edit.end);
	}

	const imports = [...media].map(([src, id]) => `import ${id} from './${src}';`);
	const statements = [`import { ${COMPONENTS} } from '$lib/components/course';`, ...imports, ...constants].join(' ');
	return [...header, `<script>${statements}</script>`, rewritten].join('\n');
}

/**
 * The questions as a JavaScript expression, safe inside a <script> element; pictures become import names.
 * @param {import('./format.js').Question[]} questions
 * @param {(src: string) => string} mediaId
 */
function questionsScript(questions, mediaId) {
	/** @param {import('./format.js').Picture | undefined} image */
	const picture = (image) =>
		image && { src: isLocalFileName(image.src) ? `\u0000${mediaId(image.src)}\u0000` : image.src, alt: image.alt };
	const data = questions.map((q) => ({
		id: q.id,
		type: q.type,
		text: q.text,
		image: picture(q.image),
		options: q.options.map((o) => ({ id: o.id, text: o.text, image: picture(o.image), correct: o.correct })),
		explanation: q.explanation
	}));
	return JSON.stringify(data)
		.replace(/"\\u0000(__m\d+)\\u0000"/g, '$1')
		.replace(/</g, '\\u003c')
		.replace(/\u2028/g, '\\u2028')
		.replace(/\u2029/g, '\\u2029');
}
