// A markdown file imported by the app is compiled by mdsvex (svelte.config.js) into a component. Only the
// repository's own guides are imported this way; trainers' course files are data, rendered by
// src/lib/server/content/render-markdown.ts and never compiled.
declare module '*.md' {
	import type { Component } from 'svelte';
	const component: Component;
	export default component;
}
