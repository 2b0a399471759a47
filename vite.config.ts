import { sveltekit } from '@sveltejs/kit/vite';
import { paraglideVitePlugin } from '@inlang/paraglide-js';
import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { i18nCompileOptions } from './src/lib/i18n/compile-options.js';

export default defineConfig({
	plugins: [paraglideVitePlugin(i18nCompileOptions), sveltekit()],
	server: { fs: { allow: ['content'] } },
	test: {
		name: 'server',
		environment: 'node',
		include: ['src/**/*.spec.ts', 'tests/unit/**/*.spec.ts'],
		// Every core (Vitest keeps one free by default: on a 2-core machine, half of it idle).
		maxWorkers: Math.max(2, availableParallelism() - 1),
		testTimeout: 20_000
	}
});
