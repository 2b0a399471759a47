/**
 * One set of paraglide options for the Vite plugin and for the command-line compile
 * (svelte-check and vitest run without Vite's dev server).
 *
 * Chinese pages live at unprefixed URLs, English under /en: the service worker caches by URL,
 * so each URL must always be in one language. The cookie comes first so that a learner who chose
 * English lands on English pages again (a redirect to /en/...).
 */
/** @type {import('@inlang/paraglide-js').CompilerOptions} */
export const i18nCompileOptions = {
	project: './project.inlang',
	outdir: './src/lib/paraglide',
	strategy: ['cookie', 'url', 'baseLocale'],
	cookieName: 'lang',
	emitTsDeclarations: false
};
