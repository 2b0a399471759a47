/** A small seeded generator (mulberry32): the same seed gives the same order on every device. */
function generator(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) | 0;
		let t = Math.imul(a ^ (a >>> 15), 1 | a);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffled<T>(items: readonly T[], next: () => number): T[] {
	const out = [...items];
	for (let i = out.length - 1; i > 0; i--) {
		const j = Math.floor(next() * (i + 1));
		[out[i], out[j]] = [out[j], out[i]];
	}
	return out;
}

/**
 * The questions of an attempt in the attempt's order: questions shuffled, and the options of each question
 * except true/false (对 before 错 reads naturally). Grading uses ids, so the order never changes a score.
 */
export function shuffleExam<Q extends { type: string; options: readonly unknown[] }>(
	questions: readonly Q[],
	seed: number
): Q[] {
	const next = generator(seed);
	return shuffled(questions, next).map((question) =>
		question.type === 'truefalse' ? question : { ...question, options: shuffled(question.options, next) }
	);
}

/** A fresh 32-bit seed for an attempt. */
export function newSeed(): number {
	return crypto.getRandomValues(new Uint32Array(1))[0];
}
