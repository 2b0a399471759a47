// The preprocessor's wall (see markup.js for the rule): whatever the checker would refuse and still reaches the
// build is shown to the learner as plain text, never run.
import { BLOCKS, CHARACTER_REFERENCE } from './markup.js';

const BLOCK_NAMES = Object.keys(BLOCKS).join('|');

// Private-use characters stand in for what Svelte would read as code while markdown is turned into HTML (one
// character for one, so offsets stay those the checker saw); afterwards each becomes an HTML character reference,
// which Svelte, and in code blocks the browser, shows as the character itself. An entity written in the file
// cannot stand in: markdown decodes `&#123;` into a bare `{` before Svelte reads it.
const STAND_INS = /** @type {const} */ ({
	'{': ['\uE000', '&#123;'],
	'}': ['\uE001', '&#125;'],
	'&': ['\uE002', '&amp;'],
	'<': ['\uE003', '&lt;']
});
const STAND_IN_RE = /[\uE000-\uE003]/g;
const RESTORED = /** @type {Record<string, string>} */ (
	Object.fromEntries(Object.values(STAND_INS).map(([standIn, reference]) => [standIn, reference]))
);

/** `<` that may stay: a documented block's tag, a comment, or a markdown autolink to a web page. */
const KEPT_TAG_RE = new RegExp(`<(?:!--|/?(?:${BLOCK_NAMES})(?=[\\s/>]|$)|(?:https?|mailto):[^\\s<>]*>)`, 'y');
const CHARACTER_REFERENCE_RE = new RegExp(CHARACTER_REFERENCE, 'y');

/**
 * The text with every brace, every character reference and every `<` that does not open a documented block,
 * a comment or an autolink replaced by a stand-in of the same length. Applied to the whole body, code included:
 * what a checker or preprocessor takes for code, markdown may take for raw HTML.
 * @param {string} text
 */
export function neutraliseMarkup(text) {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const char = text[i];
		KEPT_TAG_RE.lastIndex = CHARACTER_REFERENCE_RE.lastIndex = i;
		if (char === '{' || char === '}') out += STAND_INS[char][0];
		else if (char === '<' && !KEPT_TAG_RE.test(text)) out += STAND_INS['<'][0];
		else if (char === '&' && CHARACTER_REFERENCE_RE.test(text)) out += STAND_INS['&'][0];
		else out += char;
	}
	return out;
}

/**
 * After mdsvex: each stand-in becomes the character reference that shows it as text.
 * @param {string} code
 */
export const restoreNeutralised = (code) => code.replace(STAND_IN_RE, (standIn) => RESTORED[standIn]);
