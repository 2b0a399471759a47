// The only values course markup may name: the media and question constants that transformCourseMarkdown writes
// into its <script> (`import __m0 from './hen.svg'`, `const __q0 = [...]`). They are read from the parsed script as
// data, by a literal reader that knows JSON and those names and nothing else; no statement or call is ever run.
import type { Expression, Node, Program, SpreadElement } from 'estree';

export type MediaFile = { url: string; bytes?: Uint8Array };
/** Throws the error that names where in the file `node` stands. */
export type Refuse = (node: { start?: number } | Node, what: string) => never;

const MEDIA_ID = /^__m\d+$/;
const QUESTIONS_ID = /^__q\d+$/;
const BLOCKS_MODULE = '$lib/components/course';

/** The media URLs and question lists that the preprocessor's script declares, by name. */
export function readScriptValues(program: Program, media: Record<string, MediaFile>, refuse: Refuse) {
	const values = new Map<string, unknown>();
	for (const statement of program.body) {
		if (statement.type === 'ImportDeclaration') {
			const [first] = statement.specifiers;
			// The blocks are the interpreter's own; their import only says which the markup uses.
			if (statement.source.value === BLOCKS_MODULE && statement.specifiers.every((s) => s.type === 'ImportSpecifier'))
				continue;
			const name = String(statement.source.value).replace(/^\.\//, '');
			if (
				statement.specifiers.length !== 1 ||
				first.type !== 'ImportDefaultSpecifier' ||
				!MEDIA_ID.test(first.local.name)
			)
				refuse(statement, 'this import');
			if (!Object.hasOwn(media, name)) refuse(statement, `"${name}" (no such media file)`);
			values.set(first.local.name, media[name].url);
		} else if (statement.type === 'VariableDeclaration' && statement.kind === 'const') {
			const [declaration, more] = statement.declarations;
			const { id, init } = declaration;
			if (more || id.type !== 'Identifier' || !QUESTIONS_ID.test(id.name) || !init) refuse(statement, 'this constant');
			values.set(id.name, literal(init, values, refuse));
		} else {
			refuse(statement, `a ${statement.type}`);
		}
	}
	return values;
}

function literal(node: Expression | SpreadElement | null, values: Map<string, unknown>, refuse: Refuse): unknown {
	if (node?.type === 'Literal' && (node.value === null || ['string', 'number', 'boolean'].includes(typeof node.value)))
		return node.value;
	if (node?.type === 'Identifier' && MEDIA_ID.test(node.name) && values.has(node.name)) return values.get(node.name);
	if (node?.type === 'ArrayExpression') return node.elements.map((element) => literal(element, values, refuse));
	if (node?.type === 'ObjectExpression') {
		const entries = node.properties.map((property) => {
			if (property.type !== 'Property' || property.kind !== 'init' || property.computed || property.method)
				return refuse(property, 'this property');
			const key = property.key.type === 'Literal' ? property.key.value : (property.key as { name?: string }).name;
			if (typeof key !== 'string' || property.shorthand) refuse(property, 'this property');
			return [key, literal(property.value as Expression, values, refuse)];
		});
		// Own properties only: a "__proto__" key stays a key instead of setting a prototype.
		return Object.fromEntries(entries);
	}
	return refuse(node ?? {}, 'this expression');
}

/**
 * The value of `{...}` in an attribute, in the shapes the preprocessor writes: a declared name, a number (a
 * picture's size) or `JSON.stringify(__qN)` (the quiz's questions for the browser).
 */
export function evaluateExpression(node: Expression, values: Map<string, unknown>, refuse: Refuse): unknown {
	if (node.type === 'Identifier' && values.has(node.name)) return values.get(node.name);
	if (node.type === 'Literal' && typeof node.value === 'number') return node.value;
	const [argument, more] = node.type === 'CallExpression' ? node.arguments : [];
	const callee = node.type === 'CallExpression' ? node.callee : null;
	if (
		callee?.type === 'MemberExpression' &&
		!callee.computed &&
		callee.object.type === 'Identifier' &&
		callee.object.name === 'JSON' &&
		callee.property.type === 'Identifier' &&
		callee.property.name === 'stringify' &&
		argument?.type === 'Identifier' &&
		QUESTIONS_ID.test(argument.name) &&
		values.has(argument.name) &&
		!more
	)
		return JSON.stringify(values.get(argument.name));
	return refuse(node, 'this expression');
}
