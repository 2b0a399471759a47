import adapter from '@sveltejs/adapter-node';
import { mdsvex } from 'mdsvex';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { courseAfterMdsvex, coursePreprocess } from './src/lib/content/preprocess.js';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	extensions: ['.svelte', '.md'],
	// coursePreprocess turns the course authoring format into mdsvex input, so it runs before mdsvex;
	// courseAfterMdsvex turns the stand-ins it left for braces and stray tags into text.
	preprocess: [vitePreprocess(), coursePreprocess(), mdsvex({ extensions: ['.md'] }), courseAfterMdsvex()],
	compilerOptions: {
		// Runes everywhere in our own code; libraries decide for themselves.
		runes: ({ filename }) => (filename.split(/[/\\]/).includes('node_modules') ? undefined : true)
	},
	kit: {
		adapter: adapter({ out: 'build', precompress: true }),
		alias: { $content: 'content' },
		// Nonces for pages rendered per request, hashes for prerendered ones (the offline page): no inline script
		// runs without one. Styles may be inline (Svelte's style attributes and transitions); scripts may not.
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'media-src': ['self', 'blob:'],
				'font-src': ['self'],
				'connect-src': ['self'],
				'worker-src': ['self'],
				'manifest-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		},
		serviceWorker: { register: false },
		// The offline page in both languages: the service worker answers with the one of the address asked for.
		prerender: { entries: ['*', '/en/offline'] },
		version: { pollInterval: 0 }
	}
};

export default config;
