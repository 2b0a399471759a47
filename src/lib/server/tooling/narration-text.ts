// The words of a lesson that a recorded narration says, taken from its markdown by the rules read-aloud applies to
// the rendered page (src/lib/components/read-aloud.ts): the title, headings, paragraphs, list items (steps among
// them), the text of tips, warnings and terms, figure captions and table cells, in order. Not read: quizzes and
// code blocks, pictures (their alt text describes the picture for those who cannot see it; the caption is what
// the page says), the <Audio> player, comments, and markup of any kind.
// Pure functions, so the unit test feeds it lessons without a speech program.
import { maskFences, parseFrontMatter } from '../../content/format.js';

/** An attribute value of a block tag, e.g. caption="…" of <Figure>. */
function attribute(tag: string, name: string): string {
	return new RegExp(`\\b${name}\\s*=\\s*"([^"]*)"`).exec(tag)?.[1] ?? '';
}

/** Markdown inline markup removed, keeping what the page shows as text. */
function inlineText(line: string): string {
	return (
		line
			// pictures: the page shows the picture, not its alt text
			.replace(/!\[[^\]]*\]\([^)]*\)/g, '')
			// links: their words
			.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
			// a term reads as "word: meaning"
			.replace(/<Term\b[^>]*>/g, (tag) => `${attribute(tag, 'word')}：`)
			.replace(/<\/?[A-Za-z][^>]*>/g, '')
			.replace(/`([^`]*)`/g, '$1')
			.replace(/(\*\*|__|\*|_)(\S(?:.*?\S)?)\1/g, '$2')
			.replace(/\s+/g, ' ')
			.trim()
	);
}

const ENDS_A_SENTENCE = /[。！？!?；;：:…”’」』）)]$/;

/**
 * The lesson's readable text, one block per line: what read-aloud reads on its page, each block ending in
 * punctuation so that the speech program pauses between them.
 * @param source the lesson file's text (front matter and body)
 */
export function lessonNarrationText(source: string): string {
	const { data, body } = parseFrontMatter(source);
	const title = typeof data?.title === 'string' ? data.title : '';
	// Fenced blocks (quizzes, code) become blank lines; comments go whole.
	const text = maskFences(body).replace(/<!--[\s\S]*?-->/g, '');
	const blocks: string[] = [title];
	let paragraph: string[] = [];
	const endParagraph = () => {
		if (paragraph.length > 0) blocks.push(paragraph.join(' '));
		paragraph = [];
	};
	for (const raw of text.split('\n')) {
		const line = raw.trim();
		if (!line) {
			endParagraph();
			continue;
		}
		// <Figure>: only its caption is read (the picture's alt is not); <Audio>: a player, nothing to read.
		if (/^<Figure\b/.test(line)) {
			endParagraph();
			blocks.push(attribute(line, 'caption'));
			continue;
		}
		if (/^<Audio\b/.test(line)) continue;
		// table separator rows
		if (/^\|?\s*:?-{2,}/.test(line) && /^[|\s:-]+$/.test(line)) continue;
		const heading = /^#{1,6}\s+(.*)$/.exec(line);
		const item = /^(?:[-*+]|\d+[.)])\s+(.*)$/.exec(line);
		const quote = /^>\s?(.*)$/.exec(line);
		if (heading || item) {
			endParagraph();
			blocks.push((heading ?? item)![1]);
		} else if (line.startsWith('|')) {
			endParagraph();
			blocks.push(...line.replace(/^\||\|$/g, '').split('|'));
		} else paragraph.push(quote ? quote[1] : line);
	}
	endParagraph();
	return blocks
		.map(inlineText)
		.filter((block) => /[\p{L}\p{N}]/u.test(block))
		.map((block) => (ENDS_A_SENTENCE.test(block) ? block : `${block}。`))
		.join('\n');
}

// Measure words after which a number is an amount (read "一千二百"), not a code (read digit by digit).
const AMOUNT_AFTER = /^\s*(?:[元块角分只个斤两克吨天年月日号岁次回遍位张条件头亩米里小周万千百%％倍度毫升厘公]|kg|g\b)/;
const DIGIT_NAMES = '零一二三四五六七八九';

/**
 * Mandarin text prepared for the speech program: numbers of three or more digits that are not amounts
 * (telephone numbers such as 12333 and 110, codes such as 123456) are spelled digit by digit, as people say them.
 */
export function speakableMandarin(text: string): string {
	return text.replace(/\d{3,}/g, (digits, offset: number, whole: string) =>
		AMOUNT_AFTER.test(whole.slice(offset + digits.length)) ||
		/[.,，]\d*$/.test(whole.slice(0, offset)) ||
		/^[.,]\d/.test(whole.slice(offset + digits.length))
			? digits
			: [...digits].map((d) => DIGIT_NAMES[Number(d)]).join('')
	);
}
