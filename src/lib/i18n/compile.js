// Compiles the message catalogue outside Vite (for svelte-check, vitest and the command-line tools).
import { compile } from '@inlang/paraglide-js';
import { i18nCompileOptions } from './compile-options.js';

await compile(i18nCompileOptions);
