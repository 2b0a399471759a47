// Pictures, audio and lesson links in the prose of a lesson (outside code blocks).
// Offsets point into the body as given, so the preprocessor can rewrite exactly what the checker checked.
import { findFences } from './quiz.js';

/**
 * @typedef {object} MediaRef
 * @property {'image' | 'figure' | 'audio'} kind image: markdown ![alt](src); figure/audio: the components
 * @property {string} src
 * @property {string | undefined} alt undefined when a Figure has no alt attribute
 * @property {number} line 1-based file line
 * @property {number} start offset of the whole markdown image, or of a component's src="..." attribute
 * @property {number} end
 */
/** @typedef {{ target: string, hash: string, line: number, start: number, end: number }} LessonLink start/end: the link target */

const IMAGE_RE = /!\[([^\]\n]*)\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"'\n]*["'])?\s*\)/g;
const TAG_RE = /<(Figure|Audio)\b[^>]*>/g;
const ATTRIBUTE_RE = /\s([A-Za-z]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|\{[^}]*\})/g;
const LINK_RE = /(?<!!)\[[^\]\n]*\]\(\s*([^)\s]+?)\s*\)/g;

/**
 * The body with every fenced code block blanked out (same length, same line breaks).
 * @param {string} body
 */
export function maskFences(body) {
	const lines = body.split('\n');
	for (const fence of findFences(lines)) {
		for (let i = fence.start; i <= fence.end; i++) lines[i] = lines[i].replace(/[^\r]/g, ' ');
	}
	return lines.join('\n');
}

/** @param {string} body @param {number} bodyStartLine */
function lineFinder(body, bodyStartLine) {
	/** @type {number[]} */
	const starts = [0];
	for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) starts.push(i + 1);
	return (/** @type {number} */ offset) => {
		let line = 0;
		while (line + 1 < starts.length && starts[line + 1] <= offset) line++;
		return bodyStartLine + line;
	};
}

/**
 * Every picture and audio reference in the prose: markdown images, <Figure src> and <Audio src>.
 * Pictures inside quiz blocks come from parseQuizBlocks instead.
 * @param {string} body
 * @param {number} [bodyStartLine]
 * @returns {MediaRef[]}
 */
export function findMediaRefs(body, bodyStartLine = 1) {
	const prose = maskFences(body);
	const lineAt = lineFinder(body, bodyStartLine);
	/** @type {MediaRef[]} */
	const refs = [];
	for (const match of prose.matchAll(IMAGE_RE)) {
		const start = match.index;
		refs.push({
			kind: 'image',
			src: match[2],
			alt: match[1].trim(),
			line: lineAt(start),
			start,
			end: start + match[0].length
		});
	}
	for (const tag of prose.matchAll(TAG_RE)) {
		const kind = tag[1] === 'Figure' ? 'figure' : 'audio';
		/** @type {Record<string, string>} */
		const attributes = {};
		/** @type {{ start: number, end: number } | null} */
		let srcAt = null;
		for (const attribute of tag[0].matchAll(ATTRIBUTE_RE)) {
			const value = attribute[2] ?? attribute[3];
			if (value === undefined) continue;
			attributes[attribute[1]] = value;
			if (attribute[1] === 'src') {
				const start = tag.index + attribute.index + 1;
				srcAt = { start, end: tag.index + attribute.index + attribute[0].length };
			}
		}
		const at = srcAt ?? { start: tag.index, end: tag.index };
		const alt = kind === 'figure' ? attributes.alt?.trim() : undefined;
		refs.push({ kind, src: attributes.src ?? '', alt, line: lineAt(tag.index), ...at });
	}
	return refs.sort((a, b) => a.start - b.start);
}

/**
 * Every relative link to a markdown file in the prose: [上一课](02-feed.md).
 * @param {string} body
 * @param {number} [bodyStartLine]
 * @returns {LessonLink[]}
 */
export function findLessonLinks(body, bodyStartLine = 1) {
	const prose = maskFences(body);
	const lineAt = lineFinder(body, bodyStartLine);
	/** @type {LessonLink[]} */
	const links = [];
	for (const match of prose.matchAll(LINK_RE)) {
		const [path, hash = ''] = match[1].split(/(?=#)/);
		if (!path.endsWith('.md') || /^[a-z][a-z0-9+.-]*:|^\//i.test(path)) continue;
		const start = match.index + match[0].lastIndexOf(match[1]);
		links.push({ target: path, hash, line: lineAt(match.index), start, end: start + match[1].length });
	}
	return links;
}
