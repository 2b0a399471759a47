import { describe, expect, it } from 'vitest';
import { parseOpportunityForm, type OpportunityFormValues } from './form.ts';

const good: OpportunityFormValues = {
	kind: 'job',
	title: '县城超市招收银员',
	description: '会用手机付款，认真细心。',
	place: '县城 万家福超市',
	startsOn: '2026-07-01',
	endsOn: '',
	expiresOn: '2026-06-30',
	contactName: '李经理',
	contactPhone: '0871-6612345',
	townshipId: '',
	courses: ['online-shop']
};
const staff = {
	today: '2026-06-01',
	courseSlugs: new Set(['online-shop', 'raising-chickens']),
	townships: [3],
	county: false
};
const county = { ...staff, townships: [3, 4], county: true };

describe('parseOpportunityForm', () => {
	it('takes a good form; staff post for their own township whatever was sent', () => {
		const result = parseOpportunityForm({ ...good, townshipId: '4' }, staff);
		expect(result).toEqual({ ok: true, input: { ...good, endsOn: null, townshipId: 3, courses: ['online-shop'] } });
	});

	it('lets the county choose all townships or one of them, and nothing else', () => {
		expect(parseOpportunityForm(good, county)).toMatchObject({ ok: true, input: { townshipId: null } });
		expect(parseOpportunityForm({ ...good, townshipId: '4' }, county)).toMatchObject({
			ok: true,
			input: { townshipId: 4 }
		});
		expect(parseOpportunityForm({ ...good, townshipId: '9' }, county)).toEqual({
			ok: false,
			errors: { townshipId: 'opp_error_township' }
		});
	});

	it.each([
		['title', { title: '  ' }, 'opp_error_required'],
		['title', { title: '长'.repeat(61) }, 'opp_error_too_long'],
		['description', { description: '' }, 'opp_error_required'],
		['kind', { kind: 'lottery' }, 'opp_error_required'],
		['startsOn', { startsOn: '2026-02-30' }, 'opp_error_date'],
		['startsOn', { startsOn: '明天' }, 'opp_error_date'],
		['endsOn', { endsOn: '2026-06-01' }, 'opp_error_ends_before'],
		['expiresOn', { expiresOn: '2026-05-31' }, 'opp_error_expired'],
		['contactPhone', { contactPhone: '打电话' }, 'opp_error_phone'],
		['courses', { courses: ['no-such-course'] }, 'opp_error_course']
	] as const)('refuses a bad %s (%j)', (field, change, error) => {
		const result = parseOpportunityForm({ ...good, ...change } as OpportunityFormValues, staff);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.errors[field]).toBe(error);
	});

	it('names every bad field at once', () => {
		const result = parseOpportunityForm({ ...good, title: '', place: '', contactName: '' }, staff);
		expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['contactName', 'place', 'title']);
	});

	it('keeps markup as the text that was typed (shown as text, never rendered)', () => {
		const result = parseOpportunityForm({ ...good, description: '<script>alert(1)</script>' }, staff);
		expect(result).toMatchObject({ ok: true, input: { description: '<script>alert(1)</script>' } });
	});
});
