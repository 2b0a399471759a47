// Which spec files the PostgreSQL test run takes (npm run test:unit:pg): those whose imports reach the database
// module (src/lib/server/db/index.ts), directly or through any module of the app. The others (grading, parsing,
// headers, dates…) never touch a database and run the same on either engine: the SQLite run has them.
// Imports are read from the source text (static `from '…'` and dynamic `import('…')`), resolved from the file or
// through `$lib`; what cannot be resolved (packages) is not followed.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const IMPORT = /(?:from\s+|import\s*\(\s*)['"]([^'"]+)['"]/g;
const EXTENSIONS = ['', '.ts', '.js', '.svelte', '/index.ts', '/index.js'];

/** @param {string} root @param {string} from @param {string} spec */
function resolveImport(root, from, spec) {
	let base;
	if (spec.startsWith('$lib/') || spec === '$lib') base = join(root, 'src/lib', spec.slice(4));
	else if (spec.startsWith('.')) base = resolve(dirname(from), spec);
	else return null;
	for (const ext of EXTENSIONS) {
		const path = base + ext;
		if (existsSync(path) && statSync(path).isFile()) return path;
	}
	return null;
}

/** @param {string} dir @returns {string[]} */
function specsUnder(dir) {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => name.endsWith('.spec.ts'))
		.map((name) => join(dir, name));
}

/**
 * The spec files under `dirs` whose imports reach the database module, relative to `root`.
 * @param {string} root @param {string[]} dirs @returns {string[]}
 */
export function databaseSpecs(root, dirs) {
	const target = join(root, 'src/lib/server/db/index.ts');
	/** @type {Map<string, boolean>} */
	const reaches = new Map();
	/** @param {string} file @returns {boolean} */
	const visit = (file) => {
		const known = reaches.get(file);
		if (known !== undefined) return known;
		reaches.set(file, false); // while visiting: a cycle adds nothing
		let found = file === target;
		if (!found) {
			for (const [, spec] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
				const next = resolveImport(root, file, spec);
				if (next && visit(next)) {
					found = true;
					break;
				}
			}
		}
		reaches.set(file, found);
		return found;
	};
	return dirs
		.flatMap((dir) => specsUnder(join(root, dir)))
		.filter(visit)
		.map((file) => relative(root, file));
}
