/** One sentence of a page: its text and where it is, for highlighting while it is read. */
export interface Sentence {
	text: string;
	range: Range;
}

// Text blocks read aloud, in document order; quizzes, buttons and anything marked data-no-read are skipped.
const BLOCKS = 'h1, h2, h3, p, li, figcaption, td, th, dt, dd';
const SKIP = 'button, select, label, form, audio, [data-no-read], [aria-hidden="true"]';
const SENTENCE_END = /[。！？!?；;]+[”’」』）)]*|\n+/g;

/** A range over characters [start, end) of a block's text, across its text nodes. */
function rangeOver(block: Element, start: number, end: number): Range {
	const range = document.createRange();
	const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
	let offset = 0;
	let startSet = false;
	for (let node = walker.nextNode(); node; node = walker.nextNode()) {
		const length = node.textContent?.length ?? 0;
		if (!startSet && start < offset + length) {
			range.setStart(node, start - offset);
			startSet = true;
		}
		if (startSet && end <= offset + length) {
			range.setEnd(node, end - offset);
			return range;
		}
		offset += length;
	}
	range.selectNodeContents(block);
	return range;
}

/** Splits the readable text under `root` into sentences, block by block. */
export function splitSentences(root: HTMLElement): Sentence[] {
	const sentences: Sentence[] = [];
	for (const block of root.querySelectorAll(BLOCKS)) {
		if (block.closest(SKIP)) continue;
		// Nested blocks (a paragraph in a list item) are read once, by the innermost one.
		if (block.querySelector(BLOCKS)) continue;
		const text = block.textContent ?? '';
		let start = 0;
		const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index! + m[0].length);
		for (const end of [...ends, text.length]) {
			const piece = text.slice(start, end);
			if (piece.trim()) sentences.push({ text: piece.trim(), range: rangeOver(block, start, end) });
			start = end;
		}
	}
	return sentences;
}
