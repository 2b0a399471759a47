import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENROLMENT_ERROR_KEYS } from './errors.ts';
import { ROSTER_COLUMNS, ROSTER_CODES } from './roster-types.ts';

const catalogue = (locale: string): Record<string, string> =>
	JSON.parse(readFileSync(join(process.cwd(), `src/lib/i18n/messages/staff/${locale}.json`), 'utf8'));

/** Form error keys as written in this module's sources (zod messages and field errors). */
function formKeys(): string[] {
	const dir = join(process.cwd(), 'src/lib/server/enrolment');
	const sources = readdirSync(dir)
		.filter((f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'))
		.map((f) => readFileSync(join(dir, f), 'utf8'))
		.join('\n');
	return [...new Set(sources.match(/'enrol_[a-z_]+'/g)!.map((k) => k.slice(1, -1)))];
}

describe('staff messages', () => {
	const keys = [
		...ROSTER_CODES,
		...ROSTER_COLUMNS.map((c) => `roster_column_${c}`),
		...ENROLMENT_ERROR_KEYS,
		...formKeys()
	];

	it.each(['zh-CN', 'en'])('%s has every key the enrolment code uses, with the same placeholders', (locale) => {
		const messages = catalogue(locale);
		const base = catalogue('zh-CN');
		for (const key of keys) {
			expect(messages[key], key).toBeTruthy();
			const params = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
			expect(params(messages[key]), key).toEqual(params(base[key]));
		}
	});
});
