import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';
import { noSyncQueries } from './tests/lint/no-sync-queries.js';

export default ts.config(
	{ ignores: ['build/', '.svelte-kit/', 'src/lib/paraglide/', 'test-results/', 'playwright-report/', 'tests/.tmp/'] },
	js.configs.recommended,
	...ts.configs.recommended,
	...svelte.configs.recommended,
	prettier,
	...svelte.configs.prettier,
	{
		languageOptions: { globals: { ...globals.browser, ...globals.node } },
		rules: { 'no-undef': 'off', 'svelte/no-navigation-without-resolve': 'off' }
	},
	// Server code is asynchronous throughout (it runs on SQLite and on PostgreSQL): every promise is awaited or
	// handed on, and better-sqlite3's synchronous calls stay in the database folder (see src/lib/server/db/).
	{
		files: [
			'src/lib/server/**/*.ts',
			'src/routes/**/+*.server.ts',
			'src/routes/**/+server.ts',
			'src/routes/**/*.spec.ts',
			'src/hooks.server.ts',
			'tests/unit/**/*.ts',
			'tests/setup/**/*.ts'
		],
		languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
		plugins: { zhizhi: { rules: { 'no-sync-queries': noSyncQueries } } },
		rules: {
			'@typescript-eslint/no-floating-promises': 'error',
			'@typescript-eslint/no-misused-promises': 'error',
			'@typescript-eslint/await-thenable': 'error',
			'@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
			'zhizhi/no-sync-queries': 'error'
		}
	},
	{
		// The engines' own code, and tools that only ever work on a SQLite file (the bench county's seed, the
		// checkpointer's thread, the move's reading side).
		files: [
			'src/lib/server/db/index.ts',
			'src/lib/server/db/dialect.ts',
			'src/lib/server/db/move.ts',
			'src/lib/server/db/*.spec.ts',
			'src/lib/server/tooling/bench/bench-seed.ts'
		],
		rules: { 'zhizhi/no-sync-queries': 'off' }
	},
	{
		files: ['**/*.svelte', '**/*.svelte.ts', '**/*.svelte.js'],
		languageOptions: {
			parserOptions: { extraFileExtensions: ['.svelte'], parser: ts.parser, svelteConfig }
		}
	}
);
