import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { i18nCompileOptions } from './src/lib/i18n/compile-options.js';
import { databaseSpecs } from './tests/setup/database-specs.js';

// The PostgreSQL run (npm run test:unit:pg) takes the server specs that reach the database; the SQLite run, all.
const onPostgres = process.env.ZHIZHI_TEST_ENGINE === 'postgres';

const sep = String.raw`[\\/]`;
const LAYOUT_MODULES = [
	String.raw`src${sep}lib${sep}(dates\.ts|components${sep}Icon\.svelte)`,
	String.raw`src${sep}lib${sep}offline${sep}(progress-store\.svelte|forget|session|caches|family)\.ts`,
	String.raw`paraglide${sep}messages${sep}app_name`,
	String.raw`@sveltejs${sep}kit${sep}src${sep}runtime${sep}app${sep}state`
].join('|');
const LEARNER_MODULES = String.raw`src${sep}lib${sep}(learning${sep}(weeks|next-course)|opportunities${sep}match|offline${sep}opportunities-store)\.ts`;

export default defineConfig({
	plugins: [paraglideVitePlugin(i18nCompileOptions), sveltekit()],
	server: { fs: { allow: ['content'] } },
	build: {
		rolldownOptions: {
			output: {
				// Left to itself, the bundler gives each small module that two pages share a file of its own: a signed-in
				// learner's home came in 29 files, a third of them under 300 bytes, each costing ~330 bytes of headers
				// on the wire. Two groups of modules always loaded together make one file each. Every page got smaller
				// (5-6 KB, compressed with headers); see the README's first-visit rows.
				codeSplitting: {
					groups: [
						// What the root layout imports: every page loads it, so no page gets code it would not load anyway.
						{ name: 'layout', test: new RegExp(LAYOUT_MODULES) },
						// The signed-in learner's progress and opportunities helpers, shared by home, "my learning",
						// lessons' praise and the opportunities pages (2.5 KB: where one is unused, less than a file's headers).
						{ name: 'learner', test: new RegExp(LEARNER_MODULES) }
					]
				}
			}
		}
	},
	test: {
		name: 'server',
		environment: 'node',
		include: onPostgres
			? databaseSpecs(import.meta.dirname, ['src/lib/server', 'src/routes'])
			: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		globalSetup: ['tests/setup/global.ts'],
		setupFiles: ['tests/setup/each-file.ts'],
		// Every core (Vitest keeps one free by default: on a 2-core machine, half of it idle).
		maxWorkers: Math.max(2, availableParallelism() - 1),
		// Only how long before a test or hook counts as hung: nothing waits on time. With the browser suite beside
		// them on a busy 2-core machine, the heaviest ran past the old limits (20 s a test, 10 s a hook) where they
		// take 3-6 s alone: a demo county's months of learning, and the export's 7,000 learners seeded in a hook.
		testTimeout: 60_000,
		hookTimeout: 60_000,
		// A worker runs its test files one after another in the same modules, instead of a new process per file:
		// loading the server's modules again for each of 120 files was half of the SQLite suite's time on 2 cores
		// (192 s → 84 s; PostgreSQL's 214 s → 126 s). tests/setup/each-file.ts starts each file as if alone, and
		// what the server keeps in memory is kept per database (a file's fresh one starts empty).
		isolate: false
	}
});
