// Speaking Chinese text with the phone's own voices. Many phones have none for Chinese (WeChat's browser has no
// voices at all), and Android Chrome lists its voices only some time after the page starts (the
// `voiceschanged` event), so "no voice" is only decided after waiting for that list.

const VOICE_WAIT_MS = 1500;

/** The best voice for `lang` among `voices`: the exact language first, then the same language anywhere. */
export function pickVoice(voices: SpeechSynthesisVoice[], lang = 'zh-CN'): SpeechSynthesisVoice | null {
	const normal = (tag: string) => tag.replace('_', '-').toLowerCase();
	const prefix = normal(lang).slice(0, 2);
	return (
		voices.find((v) => normal(v.lang) === normal(lang)) ?? voices.find((v) => normal(v.lang).startsWith(prefix)) ?? null
	);
}

let found: Promise<SpeechSynthesisVoice | null> | null = null;

/**
 * Resolves with a voice for `lang`, or null when this browser has none: at once when the list already holds one,
 * else when the list arrives or after a short wait. Asked once per page; later callers share the answer.
 */
export function findVoice(lang = 'zh-CN'): Promise<SpeechSynthesisVoice | null> {
	if (typeof window === 'undefined' || !('speechSynthesis' in window)) return Promise.resolve(null);
	// A list that arrived after an earlier wait gave up still counts.
	const listed = pickVoice(window.speechSynthesis.getVoices(), lang);
	if (listed) return Promise.resolve(listed);
	found ??= new Promise((resolve) => {
		const synth = window.speechSynthesis;
		const done = (voice: SpeechSynthesisVoice | null) => {
			clearTimeout(timer);
			synth.removeEventListener?.('voiceschanged', onVoices);
			resolve(voice);
		};
		const onVoices = () => {
			const voice = pickVoice(synth.getVoices(), lang);
			if (voice) done(voice);
		};
		const timer = setTimeout(() => done(pickVoice(synth.getVoices(), lang)), VOICE_WAIT_MS);
		synth.addEventListener?.('voiceschanged', onVoices);
	});
	return found;
}

/** One utterance in the given voice; some WebViews hand out voice objects they then refuse, the language stays. */
export function utterance(text: string, voice: SpeechSynthesisVoice | null, rate = 1, lang = 'zh-CN') {
	const spoken = new SpeechSynthesisUtterance(text);
	spoken.lang = voice?.lang ?? lang;
	try {
		if (voice) spoken.voice = voice;
	} catch {
		/* keep the language */
	}
	spoken.rate = rate;
	return spoken;
}

/**
 * Says `texts` one after another (a question, then its options), cutting off whatever was being said.
 * Resolves when the last has been said or the reading was cut off by another.
 */
export function sayInTurn(texts: string[], voice: SpeechSynthesisVoice | null, rate = 1): Promise<void> {
	const synth = window.speechSynthesis;
	synth.cancel();
	return new Promise((resolve) => {
		const next = (i: number) => {
			if (i >= texts.length) return resolve();
			const spoken = utterance(texts[i], voice, rate);
			spoken.onend = () => next(i + 1);
			spoken.onerror = () => resolve();
			synth.speak(spoken);
		};
		next(0);
	});
}
