import { render } from 'svelte/server';
import { requireRole } from '$lib/server/auth/guards';
import { getLocale } from '$lib/paraglide/runtime';
import GuideEn from '$content/README.md';
import GuideZh from '$content/README.zh-CN.md';
import type { PageServerLoad } from './$types';

// The course format guide, for trainers writing in the studio: content/README.zh-CN.md or content/README.md, the
// repository's own files (not trainers' content), compiled with the build. Rendered here, on the server only: the
// guide's examples must not ride in the app's scripts (one of them is a real exam question of a shipped course).
const guides = { en: GuideEn, 'zh-CN': GuideZh };
const rendered = new Map<string, string>();

export const load: PageServerLoad = () => {
	requireRole('trainer', 'admin');
	const locale = getLocale() === 'en' ? 'en' : 'zh-CN';
	let html = rendered.get(locale);
	if (html === undefined) rendered.set(locale, (html = render(guides[locale]).body));
	return { html };
};

// A page of text: no script to download on a trainer's phone.
export const csr = false;
