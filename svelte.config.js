import adapter from '@sveltejs/adapter-node';
import { mdsvex } from 'mdsvex';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { courseModuleScript, coursePreprocess } from './src/lib/content/preprocess.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	// coursePreprocess turns the course authoring format into mdsvex input, so it runs before mdsvex.
	preprocess: [vitePreprocess(), coursePreprocess(), mdsvex({ extensions: ['.md'] }), courseModuleScript()],
	compilerOptions: {
		// Runes everywhere in our own code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		alias: { $content: 'content' },
		serviceWorker: { register: false },
		// The offline page in both languages: the service worker answers with the one of the address asked for.
		prerender: { entries: ['*', '/en/offline'] },
		version: { pollInterval: 0 }
	}
};

export default config;
