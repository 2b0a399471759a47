import { describe, expect, it } from 'vitest';
import { drawExam, ticketQuestions } from './draw.ts';

const pool = Array.from({ length: 20 }, (_, i) => ({
	id: `q${i + 1}`,
	type: 'single',
	options: [{ id: 'a' }, { id: 'b' }, { id: 'c' }]
}));

describe('drawExam', () => {
	it('asks every question when the exam is not a pool', () => {
		expect(
			drawExam(pool, 7, null)
				.map((q) => q.id)
				.sort()
		).toEqual(pool.map((q) => q.id).sort());
	});

	it('draws the same questions for the same seed and different ones for other seeds', () => {
		const first = drawExam(pool, 7, 12).map((q) => q.id);
		expect(first).toHaveLength(12);
		expect(new Set(first).size).toBe(12);
		expect(drawExam(pool, 7, 12).map((q) => q.id)).toEqual(first);
		const others = [1, 2, 3, 4, 5].map((seed) =>
			drawExam(pool, seed, 12)
				.map((q) => q.id)
				.join()
		);
		expect(others.some((ids) => ids !== first.join())).toBe(true);
	});

	it("shows a ticket's questions in the order they were drawn, options included", () => {
		const drawn = drawExam(pool, 99, 12);
		expect(
			ticketQuestions(
				pool,
				99,
				drawn.map((q) => q.id)
			)
		).toEqual(drawn);
	});
});
