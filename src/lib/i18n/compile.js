// Compiles the message catalogue outside Vite (for svelte-check, vitest and the command-line tools). Several npm
// scripts run it one after another (the type check, the content check, both test suites): when nothing it reads has
// changed since its last compile, the output stays as it is (a compile takes about 4 s on 2 cores). Every compile,
// the Vite plugin's too, empties the output folder first, so the note of what was compiled goes with it.
import { compile } from '@inlang/paraglide-js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { i18nCompileOptions } from './compile-options.js';

const INPUTS = [
	'project.inlang/settings.json',
	'src/lib/i18n/compile-options.js',
	'node_modules/@inlang/paraglide-js/package.json',
	'node_modules/@inlang/plugin-message-format/package.json',
	...readdirSync('src/lib/i18n/messages', { recursive: true, encoding: 'utf8' })
		.map((name) => join('src/lib/i18n/messages', name))
		.filter((path) => path.endsWith('.json'))
].sort();

const hash = createHash('sha256');
for (const path of INPUTS) hash.update(`${path}\0`).update(readFileSync(path)).update('\0');
const inputs = hash.digest('hex');
const note = join(i18nCompileOptions.outdir, '.compiled-from');

if (!existsSync(note) || readFileSync(note, 'utf8') !== inputs) {
	await compile(i18nCompileOptions);
	writeFileSync(note, inputs);
}
