import { describe, expect, it } from 'vitest';
import { inTurn } from './turns.ts';

describe('sync turns', () => {
	it('run one at a time in arrival order, and let other work in between', async () => {
		const log: string[] = [];
		const turn = (name: string) =>
			inTurn(async () => {
				log.push(`${name} starts`);
				// Other work arriving meanwhile (a page's request): it must not wait for every queued turn.
				setImmediate(() => log.push(`page after ${name}`));
				await Promise.resolve();
				log.push(`${name} ends`);
				return name;
			});
		expect(await Promise.all([turn('a'), turn('b'), turn('c')])).toEqual(['a', 'b', 'c']);
		expect(log).toEqual([
			'a starts',
			'a ends',
			'page after a',
			'b starts',
			'b ends',
			'page after b',
			'c starts',
			'c ends'
		]);
		await new Promise((resolve) => setImmediate(resolve));
		expect(log.at(-1)).toBe('page after c');
	});

	it('let what the event loop already has go first, even when no batch is running', async () => {
		const log: string[] = [];
		// A page's request, read in the same round of input as the batch.
		setImmediate(() => log.push('page'));
		await inTurn(() => log.push('batch'));
		expect(log).toEqual(['page', 'batch']);
	});

	it('pass the turn on when one fails', async () => {
		const failed = inTurn(() => {
			throw new Error('bad batch');
		});
		const next = inTurn(() => 'next');
		await expect(failed).rejects.toThrow('bad batch');
		expect(await next).toBe('next');
	});
});
