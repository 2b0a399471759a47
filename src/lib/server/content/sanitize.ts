// The second wall: a rendered lesson passes an allowlist of exactly what markdown and the documented blocks
// render (content/README.md; the components in $lib/components/course), so that should a trainer's file ever get
// past the checker and the preprocessor, no script, handler, frame or script link reaches a reader.
import sanitizeHtml from 'sanitize-html';

const ARIA = ['role', 'aria-label', 'aria-labelledby', 'aria-describedby', 'aria-hidden'];
/** Classes the blocks and the practice quiz use (content.css, PracticeQuiz's own styles) and markdown writes. */
const CLASSES = [
	'answer',
	'audio',
	'body',
	'box',
	'figure',
	'head',
	'hint',
	'icon',
	'meaning',
	'number',
	'option',
	'options',
	'picture',
	'practice',
	'question',
	'quiz',
	'secondary',
	'steps',
	'term',
	'text',
	'tip',
	'warning',
	'svelte-*',
	'language-*',
	'contains-task-list',
	'task-list-item'
];
/** Prism's token classes in code blocks (mdsvex highlights them). */
const TOKEN_CLASSES = ['token', 'keyword', 'string', 'number', 'operator', 'punctuation', 'comment', 'function'];

const POLICY: sanitizeHtml.IOptions = {
	allowedTags: [
		// markdown
		...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'em', 'del', 'a', 'code', 'pre', 'blockquote', 'hr'],
		...['br', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'img'],
		// blocks (Figure, Audio, Steps, Term, Tip, Warning and their icons)
		...['figure', 'figcaption', 'audio', 'section', 'div', 'span', 'dfn', 'svg', 'path'],
		// the practice quiz as rendered without JavaScript
		...['fieldset', 'legend', 'label', 'input', 'details', 'summary']
	],
	allowedAttributes: {
		'*': ['class', ...ARIA],
		a: ['href', 'title', 'rel'],
		img: ['src', 'alt', 'title', 'width', 'height', 'loading', 'decoding', 'style'],
		audio: ['src', 'controls', 'preload'],
		div: ['data-questions'],
		h2: ['id'],
		p: ['id'],
		ol: ['start'],
		th: ['align'],
		td: ['align'],
		input: ['type', 'name', 'value', 'checked', 'disabled'],
		svg: [
			'width',
			'height',
			'viewBox',
			'fill',
			'stroke',
			'stroke-width',
			'stroke-linecap',
			'stroke-linejoin',
			'focusable'
		],
		path: ['d']
	},
	allowedClasses: { '*': CLASSES, span: [...CLASSES, ...TOKEN_CLASSES] },
	// Inline pictures in a sentence (see the preprocessor) fit the screen; nothing else is styled inline.
	allowedStyles: { img: { 'max-width': [/^100%$/], height: [/^auto$/] } },
	allowedSchemes: ['http', 'https', 'mailto', 'tel'],
	// Pictures and audio come from the course folder (Vite inlines small pictures as data: URLs): no remote
	// file that would tell another server who reads what.
	allowedSchemesByTag: { img: ['data'], audio: [] },
	allowProtocolRelative: false,
	parser: { lowerCaseAttributeNames: false }
};

/** A rendered lesson or course introduction with everything outside the allowlist removed. */
export function sanitizeLessonHtml(html: string): string {
	return sanitizeHtml(html, POLICY);
}
