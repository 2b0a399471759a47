import { eq } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditLog, followUpNotes, households, users } from '../db/schema.ts';
import { seedCounty } from '../enrolment/test-helpers.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import type { StaffUser } from '../auth/guards.ts';
import { chinaIsoDay } from '../../dates.ts';
import { getCourse } from '../content/index.ts';
import { learnerTimeline } from '../records/learners.ts';
import { applyEvents } from '../sync/apply.ts';
import { saveContact } from './form.ts';
import { courseProgressOf, withTitles } from './learner-page.ts';
import { followUpList } from './list.ts';
import { addFollowUpNote, noteSchema, notesOf } from './notes.ts';
import { first } from '../db/dialect.ts';

// 10:00 on 1 December in China.
const NOW = new Date('2026-12-01T02:00:00Z');
let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let county: Awaited<ReturnType<typeof seedCounty>>;
let jinheLearner: number;

const learnerOf = async (householdCode: string) =>
	(await first(
		env.db
			.select({ id: users.id })
			.from(users)
			.innerJoin(households, eq(users.householdId, households.id))
			.where(eq(households.code, householdCode))
	))!.id;

beforeEach(async () => {
	env = await useFreshDatabase();
	county = await seedCounty(env.db);
	await env.db.update(users).set({ createdAt: new Date('2026-10-01T00:00:00Z') });
	jinheLearner = await learnerOf('532530101201001');
	await env.db.update(users).set({ phone: '13912345678', passwordHash: 'x' }).where(eq(users.id, jinheLearner));
});
afterEach(() => env.cleanup());

const jinheStaff = () => ({ id: county.staff, townshipId: county.jinhe });

describe('the contact note', () => {
	const check = (note: string, contactedOn: string) => {
		const r = noteSchema(NOW).safeParse({ note, contactedOn });
		return r.success ? r.data : r.error.issues.map((i) => i.message);
	};
	it.each([
		['  说这周会学  ', '2026-12-01', { note: '说这周会学', contactedOn: '2026-12-01' }],
		['', '2026-11-30', ['followup_note_required']],
		['   ', '2026-11-30', ['followup_note_required']],
		['a\u0007b', '2026-11-30', ['followup_note_required']],
		['好'.repeat(201), '2026-11-30', ['followup_note_too_long']],
		['好'.repeat(200), '2026-11-30', { note: '好'.repeat(200), contactedOn: '2026-11-30' }],
		// Tomorrow in China (it is already 1 December there while UTC says 1 December 02:00).
		['ok', '2026-12-02', ['followup_date_future']],
		['ok', '2026-02-30', ['followup_date_invalid']],
		['ok', '30/11/2026', ['followup_date_invalid']],
		['ok', '2025-11-01', ['followup_date_old']]
	])('note %j on %s', (note, date, expected) => {
		expect(check(note, date)).toEqual(expected);
	});
});

describe('follow-up notes are kept to the township', () => {
	it('saves a note with an audit entry for staff of the learner’s township', async () => {
		const result = await addFollowUpNote(
			jinheStaff(),
			jinheLearner,
			{ note: '会继续学', contactedOn: '2026-11-28' },
			NOW
		);
		expect(result).toMatchObject({ ok: true, note: { note: '会继续学', contactedOn: '2026-11-28' } });
		expect(await notesOf(county.jinhe, jinheLearner)).toHaveLength(1);
		const entry = (await first(env.db.select().from(auditLog).where(eq(auditLog.action, 'follow_up_note'))))!;
		expect(entry).toMatchObject({ actorId: county.staff, targetId: String(jinheLearner), townshipId: county.jinhe });
	});

	it('refuses staff of another township, as if the learner did not exist, and they see no notes', async () => {
		await addFollowUpNote(jinheStaff(), jinheLearner, { note: '会继续学', contactedOn: '2026-11-28' }, NOW);
		const other = { id: county.otherStaff, townshipId: county.tongchang };
		expect(await addFollowUpNote(other, jinheLearner, { note: 'x', contactedOn: '2026-11-28' }, NOW)).toEqual({
			ok: false,
			notFound: true
		});
		expect(await notesOf(county.tongchang, jinheLearner)).toEqual([]);
		expect((await followUpList(county.tongchang, 'all', NOW)).some((e) => e.userId === jinheLearner)).toBe(false);
		expect(await env.db.select().from(followUpNotes)).toHaveLength(1);
	});

	it('the contacted action answers 404 for another township’s learner and 400 keeping what was typed', async () => {
		// The action runs on the server's clock: today in China.
		const today = chinaIsoDay(new Date());
		const form = (fields: Record<string, string>) => {
			const body = new FormData();
			for (const [k, v] of Object.entries(fields)) body.set(k, v);
			return body;
		};
		const thrown = async (work: () => Promise<unknown>) => {
			try {
				await work();
			} catch (e) {
				return e;
			}
			return null;
		};
		const other = { id: county.otherStaff, townshipId: county.tongchang } as StaffUser;
		const own = jinheStaff() as StaffUser;
		const call = { learnerId: String(jinheLearner), note: '打过电话', contactedOn: today };
		expect(await thrown(() => saveContact(other, form(call)))).toMatchObject({ status: 404 });
		expect(await saveContact(own, form(call))).toBe(jinheLearner);
		// The page of one learner refuses a form naming another (of the same township or not).
		expect(await thrown(() => saveContact(own, form(call), jinheLearner + 1))).toMatchObject({ status: 404 });
		expect(await saveContact(own, form({ ...call, note: '' }))).toMatchObject({
			status: 400,
			data: { learnerId: jinheLearner, errors: { note: 'followup_note_required' }, values: { contactedOn: today } }
		});
		expect(await env.db.select().from(followUpNotes)).toHaveLength(1);
	});
});

describe('the follow-up list', () => {
	it('gives the never-started reason, the phone, and filters by contacted', async () => {
		const list = await followUpList(county.jinhe, 'all', NOW);
		const entry = list.find((e) => e.userId === jinheLearner)!;
		expect(entry).toMatchObject({
			phone: '13912345678',
			reasons: [{ kind: 'never_started', hasCode: true }],
			contacted: false,
			lastNote: null
		});
		expect(list.find((e) => e.userId !== jinheLearner)!.reasons).toEqual([{ kind: 'never_started', hasCode: false }]);

		await addFollowUpNote(jinheStaff(), jinheLearner, { note: '明天开始学', contactedOn: '2026-11-28' }, NOW);
		expect((await followUpList(county.jinhe, 'contacted', NOW)).map((e) => e.userId)).toEqual([jinheLearner]);
		expect((await followUpList(county.jinhe, 'open', NOW)).some((e) => e.userId === jinheLearner)).toBe(false);
		expect((await followUpList(county.jinhe, 'contacted', NOW))[0].lastNote).toMatchObject({ note: '明天开始学' });
		// A month and more later the note is history: the learner is open again.
		const later = new Date(NOW.getTime() + 40 * 86_400_000);
		expect((await followUpList(county.jinhe, 'open', later)).some((e) => e.userId === jinheLearner)).toBe(true);
	});

	it('gives learners enrolled in the last week time before calling them never started', async () => {
		await env.db
			.update(users)
			.set({ createdAt: new Date(NOW.getTime() - 3 * 86_400_000) })
			.where(eq(users.id, jinheLearner));
		expect((await followUpList(county.jinhe, 'all', NOW)).some((e) => e.userId === jinheLearner)).toBe(false);
	});
});

describe('the learner page', () => {
	it('shows per-course progress and a timeline in titles, not slugs', async () => {
		const course = (await getCourse('raising-chickens'))!;
		const lesson = course.lessons[0];
		await applyEvents(
			{ id: jinheLearner },
			[
				{
					id: '00000000-0000-4000-8000-00000000f001',
					userId: jinheLearner,
					kind: 'lesson_completed',
					courseSlug: course.slug,
					lessonSlug: lesson.slug,
					contentVersion: course.version,
					clientAt: '2026-11-20T02:00:00.000Z'
				}
			],
			'https://learn.example.cn',
			NOW
		);
		expect(await courseProgressOf(jinheLearner)).toEqual([
			{
				courseSlug: course.slug,
				title: course.title,
				lessonsDone: 1,
				lessonsTotal: course.lessons.length,
				attempts: 0,
				bestScore: null,
				exam: 'not_taken',
				certificate: null
			}
		]);
		const timeline = await withTitles((await learnerTimeline(county.jinhe, jinheLearner))!.items);
		expect(timeline).toMatchObject([{ kind: 'lesson', courseTitle: course.title, lessonTitle: lesson.title }]);
		expect(await learnerTimeline(county.tongchang, jinheLearner)).toBeNull();
	});
});
