// Course files are content, never code. mdsvex hands a lesson to Svelte as a component, where `<script>` runs on
// the server, `{...}` is an expression and any tag is live HTML; so a course file may hold markdown and the
// documented blocks (content/README.md), nothing else. Two walls, one rule: the checker names everything else
// with its line (markupProblems, here), and the preprocessor turns whatever reaches it anyway into plain text
// (neutralise.js).
import { maskFences } from './refs.js';

/** The blocks a trainer may write, each with the settings (attributes) it takes. */
export const BLOCKS = /** @type {const} */ ({
	Tip: [],
	Warning: [],
	Steps: [],
	Figure: ['src', 'alt', 'caption', 'width', 'height'],
	Audio: ['src', 'title'],
	Term: ['word']
});

/** A character reference (`&#123;`, `&lbrace;`): markdown would decode it. */
export const CHARACTER_REFERENCE = /&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/.source;

/** @typedef {import('./problems.js').Problem} Problem */
/** @typedef {import('./problems.js').ProblemBody} ProblemBody */

/**
 * Each kind of markup refused, as the checker's problem.
 * @type {Record<string, (...found: string[]) => ProblemBody>}
 */
const REFUSED = {
	braces: (/** @type {string} */ found) => ({ code: 'markup_braces', params: { found } }),
	script: () => ({ code: 'markup_script' }),
	style: () => ({ code: 'markup_style' }),
	tag: (/** @type {string} */ tag) => ({ code: 'markup_tag', params: { tag } }),
	handler: (/** @type {string} */ tag, /** @type {string} */ name) => ({
		code: 'markup_handler',
		params: { tag, name }
	}),
	setting: (/** @type {string} */ tag, /** @type {string} */ name) => {
		const settings = /** @type {readonly string[]} */ (BLOCKS[/** @type {keyof typeof BLOCKS} */ (tag)]);
		/** @type {ProblemBody} */
		const problem = settings.length
			? { code: 'markup_setting', params: { tag, name, settings: settings.join(', ') } }
			: { code: 'markup_setting_none', params: { tag, name } };
		return problem;
	},
	link: (/** @type {string} */ url) => ({ code: 'markup_link', params: { url: url.slice(0, 24) } }),
	reference: (/** @type {string} */ found) => ({ code: 'markup_reference', params: { found } })
};

// A name may hold `:` (svelte:head) but not end with it (an autolink, <https://...>).
const TAG_RE = /<(\/?)([A-Za-z](?:[\w:.-]*[\w.-])?)(?=[\s/>]|$)/g;
const ATTRIBUTE_RE = /\s*([^\s=>/"']+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+)))?/y;
const AUTOLINK_RE = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/g;
const LINK_TARGET_RE = /\]\(\s*<?([^)\s>]*)/g;
const LINK_DEFINITION_RE = /^ {0,3}\[[^\]\n]+\]:\s*<?(\S+?)>?(?:\s|$)/gm;
const BAD_SCHEME_RE = /^(?:javascript|vbscript|data):/i;
const COMMENT_RE = /<!--[\s\S]*?(?:-->|$)/g;
const BRACE_RE = /\{[^{}\n]{0,16}\}?|\}/g;
const CHARACTER_REFERENCE_GLOBAL_RE = new RegExp(CHARACTER_REFERENCE, 'g');

/**
 * The body with code blocks, inline code and comments blanked (same length, same line breaks): what is left is
 * what markdown and Svelte read as text and markup. Inline code is found the common way (a run of backticks up
 * to the next run of the same length, within a paragraph); raw HTML around it is still checked.
 * @param {string} body
 */
function maskCodeAndComments(body) {
	const blank = (/** @type {string} */ text) => text.replace(/[^\n]/g, ' ');
	const masked = maskFences(body).replace(COMMENT_RE, blank);
	return masked.replace(/(`+)([\s\S]*?)\1(?!`)/g, (span, ticks, inner) =>
		/\n[ \t]*\n/.test(inner) ? span : ticks + blank(inner) + ticks
	);
}

/**
 * Everything in a course file's body that is not markdown or a documented block: tags, Svelte code, event
 * handlers, script links and character codes. One problem per line and kind.
 * @param {string} body
 * @param {number} [bodyStartLine]
 * @returns {Problem[]}
 */
export function markupProblems(body, bodyStartLine = 1) {
	const prose = maskCodeAndComments(body);
	const lineStarts = [0];
	for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) lineStarts.push(i + 1);
	const lineAt = (/** @type {number} */ offset) => {
		let line = 0;
		while (line + 1 < lineStarts.length && lineStarts[line + 1] <= offset) line++;
		return bodyStartLine + line;
	};
	/** @type {Map<string, Problem>} */
	const found = new Map();
	const add = (/** @type {number} */ offset, /** @type {string} */ kind, /** @type {ProblemBody} */ problem) => {
		const line = lineAt(offset);
		if (!found.has(`${line}:${kind}`)) found.set(`${line}:${kind}`, { line, ...problem });
	};
	const checkUrl = (/** @type {string} */ url, /** @type {number} */ offset) => {
		// Browsers drop spaces and control characters in a scheme ("java\tscript:" still runs).
		const bare = [...url].filter((char) => char.charCodeAt(0) > 0x20).join('');
		if (BAD_SCHEME_RE.test(bare)) add(offset, 'link', REFUSED.link(url));
	};

	/** @type {Set<string>} */
	const refused = new Set();
	for (const match of prose.matchAll(TAG_RE)) {
		const [, closing, name] = match;
		if (!Object.hasOwn(BLOCKS, name)) {
			const lower = name.toLowerCase();
			const kind = lower === 'script' || lower === 'style' ? lower : 'tag';
			// The closing tag of one already named adds nothing; a stray one is named.
			if (!closing || !refused.has(lower)) add(match.index, kind, kind === 'tag' ? REFUSED.tag(name) : REFUSED[kind]());
			refused.add(lower);
			continue;
		}
		if (closing) continue;
		const settings = /** @type {readonly string[]} */ (BLOCKS[/** @type {keyof typeof BLOCKS} */ (name)]);
		ATTRIBUTE_RE.lastIndex = match.index + match[0].length;
		for (let attribute = ATTRIBUTE_RE.exec(prose); attribute; attribute = ATTRIBUTE_RE.exec(prose)) {
			const [, attributeName, double, single, bare] = attribute;
			const at = attribute.index + attribute[0].length - attribute[0].trimStart().length;
			if (/^on/i.test(attributeName)) add(at, 'handler', REFUSED.handler(name, attributeName));
			else if (!settings.includes(attributeName)) add(at, 'setting', REFUSED.setting(name, attributeName));
			const value = double ?? single ?? bare;
			if (value !== undefined) checkUrl(value, at);
		}
	}
	for (const match of prose.matchAll(BRACE_RE)) add(match.index, 'braces', REFUSED.braces(match[0].trimEnd()));
	for (const match of prose.matchAll(CHARACTER_REFERENCE_GLOBAL_RE)) {
		add(match.index, 'reference', REFUSED.reference(match[0]));
	}
	for (const match of prose.matchAll(LINK_TARGET_RE)) checkUrl(match[1], match.index);
	for (const match of prose.matchAll(LINK_DEFINITION_RE)) checkUrl(match[1], match.index);
	for (const match of prose.matchAll(AUTOLINK_RE)) checkUrl(match[1], match.index);
	return [...found.values()].sort((a, b) => a.line - b.line);
}

/**
 * Whether a lesson has words for the learner to read, beside its pictures and practice questions.
 * @param {string} body
 */
export function hasText(body) {
	const text = maskFences(body)
		.replace(COMMENT_RE, '')
		.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
		.replace(/<[^>]*>/g, '');
	return /[\p{L}\p{N}]/u.test(text);
}
