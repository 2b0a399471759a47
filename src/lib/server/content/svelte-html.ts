// What Svelte's server renderer writes for static markup, so that markup read as data (markup-interpreter.ts)
// comes out as the compiled component would give it: its whitespace rules (clean_nodes in
// svelte/src/compiler/phases/3-transform/utils.js), its escaping (svelte/src/escaping.js) and its attributes
// (3-transform/server/visitors/shared/element.js), for the elements and text that markdown makes.
import type { AST } from 'svelte/compiler';

export type MarkupNode = AST.Fragment['nodes'][number];

const VOID = new Set('area base br col command embed hr img input keygen link meta param source track wbr'.split(' '));
/** Where Svelte drops a lone space between elements. */
const NO_BLANK_TEXT = new Set(['select', 'tr', 'table', 'tbody', 'thead', 'tfoot', 'colgroup', 'datalist']);
const LEADING = /^[ \t\r\n]+/;
const TRAILING = /[ \t\r\n]+$/;
const WHITESPACE_RUNS = /[ \t\n\r\f]+/g;

export const isVoidElement = (tag: string) => VOID.has(tag);

export const escapeHtml = (value: unknown, attribute = false) =>
	String(value ?? '').replace(attribute ? /[&"<]/g : /[&<]/g, (c) =>
		c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&lt;'
	);

/**
 * The children Svelte keeps, with the whitespace it keeps (text nodes are copies).
 * @param parent an element's name; null for the top level or a component's children
 * @param preserve inside <pre> or <textarea>
 */
export function cleanChildren(nodes: MarkupNode[], parent: string | null, preserve: boolean): MarkupNode[] {
	const kept = nodes
		.filter((node) => node.type !== 'Comment')
		.map((node) => (node.type === 'Text' ? { ...node } : node));
	let out = kept;
	if (!preserve) {
		const blank = (node?: MarkupNode) => node?.type === 'Text' && !/[^ \t\r\n]/.test(node.data);
		while (blank(kept[0])) kept.shift();
		while (blank(kept.at(-1))) kept.pop();
		const [first, last] = [kept[0], kept.at(-1)];
		if (first?.type === 'Text') first.data = first.data.replace(LEADING, '');
		if (last?.type === 'Text') last.data = last.data.replace(TRAILING, '');
		out = kept.filter((node, i) => {
			if (node.type !== 'Text') return true;
			const previous = kept[i - 1];
			const joined = previous?.type === 'Text' && TRAILING.test(previous.data);
			node.data = node.data.replace(LEADING, joined ? '' : ' ').replace(TRAILING, ' ');
			return node.data !== '' && (node.data !== ' ' || !NO_BLANK_TEXT.has(parent ?? ''));
		});
	}
	// The browser drops a <pre>'s first newline itself; Svelte drops it first so that hydration agrees.
	if (parent === 'pre' && out[0]?.type === 'Text' && /^\r?\n$/.test(out[0].data)) out.shift();
	return out;
}

/** One attribute as Svelte writes it (`true`: written without a value). */
export function attributeHtml(key: string, value: unknown): string {
	if (value === true) return ` ${key}=""`;
	if (typeof value === 'string' && (key === 'class' || key === 'style')) {
		value = value.replace(WHITESPACE_RUNS, ' ').trim();
		if (key === 'class' && !value) return '';
	}
	return value == null ? '' : ` ${key}="${escapeHtml(value, true)}"`;
}
