// Course markup as data. mdsvex turns a course file into Svelte markup; compiling that would make trainer text
// JavaScript, so instead the markup is parsed (an AST, nothing run) and written out as the HTML Svelte's server
// renderer gives for it (svelte-html.ts), with only the course blocks rendered, as components. Anything else
// Svelte would run (a block, a tag, a directive, another component) fails loudly: after neutralisation a course
// file holds none of it, so meeting one means a bug or an attack, never a lesson to show.
import { createRawSnippet } from 'svelte';
import type { Component } from 'svelte';
import { parse } from 'svelte/compiler';
import type { AST } from 'svelte/compiler';
import { render } from 'svelte/server';
import { evaluateExpression, readScriptValues } from './markup-values.ts';
import type { MediaFile, Refuse } from './markup-values.ts';
import { attributeHtml, cleanChildren, escapeHtml, isVoidElement } from './svelte-html.ts';
import type { MarkupNode } from './svelte-html.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each block has props of its own
export type Block = { component: Component<any>; props: readonly string[] };

/**
 * Svelte markup (what mdsvex makes of a course file) as HTML, not yet sanitized.
 * @param name the file, for errors
 * @param blocks the components the markup may use, each with the props it may be given
 */
export function interpretMarkup(
	markup: string,
	name: string,
	media: Record<string, MediaFile>,
	blocks: Record<string, Block>
) {
	// `position` is where in the markup, as Svelte's own errors have it: render-failure.ts finds the source line.
	const refuse: Refuse = (node, what) => {
		const start = 'start' in node ? node.start : 0;
		const end = 'end' in node ? node.end : start;
		throw Object.assign(new Error(`${name}: ${what} cannot be in a course file`), { position: [start, end] });
	};
	const root = parse(markup, { modern: true });
	if (root.css || root.options) refuse(root.css ?? root.options ?? {}, '<style> or <svelte:options>');
	// The module script is mdsvex's copy of the front matter: nothing in the markup can name it, so it is not read.
	const values = root.instance ? readScriptValues(root.instance.content, media, refuse) : new Map<string, unknown>();
	const rendered = new Map<string, number>();

	const value = (attribute: AST.Attribute): unknown => {
		if (attribute.value === true) return true;
		const chunks = [attribute.value].flat();
		if (chunks.length === 0) return '';
		if (chunks.length > 1) refuse(attribute, 'text and {} in one attribute');
		const [chunk] = chunks;
		return chunk.type === 'Text' ? chunk.data : evaluateExpression(chunk.expression, values, refuse);
	};

	const attributes = (node: AST.RegularElement) =>
		node.attributes
			.map((attribute) => {
				if (attribute.type !== 'Attribute') return refuse(attribute, `a ${attribute.type}`);
				const key = attribute.name.toLowerCase();
				// Svelte renders no handler given as {...}; one given as text the allowlist would remove.
				return key.startsWith('on') ? '' : attributeHtml(key, value(attribute));
			})
			.join('');

	const block = (node: AST.Component, preserve: boolean): string => {
		const known = Object.hasOwn(blocks, node.name) ? blocks[node.name] : refuse(node, `<${node.name}>`);
		const props: Record<string, unknown> = {};
		for (const attribute of node.attributes) {
			if (attribute.type !== 'Attribute') refuse(attribute, `a ${attribute.type}`);
			// Only a block's own settings: the checker refuses the rest, and the block would ignore them.
			else if (known.props.includes(attribute.name)) props[attribute.name] = value(attribute);
		}
		const children = fragment(node.fragment.nodes, null, preserve);
		if (children) props.children = createRawSnippet(() => ({ render: () => children }));
		// Each render counts $props.id() from s1: the first of each block keeps the ids the build gives it, a second
		// one (two quizzes in a lesson) gets a prefix instead of ids that clash with the first's.
		const count = (rendered.get(node.name) ?? 0) + 1;
		rendered.set(node.name, count);
		const idPrefix = count > 1 ? `${node.name.toLowerCase()}${count}` : undefined;
		return render(known.component, { props, idPrefix }).body;
	};

	const element = (node: AST.RegularElement, preserve: boolean): string => {
		const tag = node.name.toLowerCase();
		if (tag === 'script' || tag === 'style') refuse(node, `<${tag}>`);
		const open = `<${tag}${attributes(node)}`;
		if (isVoidElement(tag)) return `${open}/>`;
		return `${open}>${fragment(node.fragment.nodes, tag, preserve || tag === 'pre' || tag === 'textarea')}</${tag}>`;
	};

	const html = (node: MarkupNode, parent: string | null, preserve: boolean): string => {
		if (node.type === 'Text') return escapeHtml(node.data);
		if (node.type === 'RegularElement') return element(node, preserve);
		if (node.type === 'Component') return block(node, preserve);
		// mdsvex's highlighter writes a code block as {@html `...`} in a <pre>: a fixed string, no expression.
		const code = node.type === 'HtmlTag' && parent === 'pre' ? node.expression : null;
		if (code?.type === 'TemplateLiteral' && code.expressions.length === 0) return code.quasis[0].value.cooked ?? '';
		return refuse(node, node.type === 'HtmlTag' ? '{@html}' : `a ${node.type}`);
	};

	const fragment = (nodes: MarkupNode[], parent: string | null, preserve: boolean): string =>
		cleanChildren(nodes, parent, preserve)
			.map((node) => html(node, parent, preserve))
			.join('');

	return fragment(root.fragment.nodes, null, false);
}
