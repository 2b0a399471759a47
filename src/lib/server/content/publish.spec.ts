// Courses as data: drafts, the checker, publishing and what learners then get, against a real database.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog, users } from '../db/schema.ts';
import { countyRatings } from '../ratings/county.ts';
import { useFreshDatabase } from '../tooling/test-db.ts';
import { discardDraft, openDraft, restoreAsDraft } from './drafts.ts';
import { getCourse, listCourses } from './index.ts';
import { fileList, readFiles, versionsOf } from './library.ts';
import { lessonHtml } from './pages.ts';
import { mediaResponse } from './media.ts';
import { publishDraft, withdrawCourse } from './publish.ts';
import {
	addLesson,
	checkVersion,
	deleteFile,
	moveLesson,
	newCourseFiles,
	renameLesson,
	studioCourseList,
	writeFile
} from './studio.ts';
import { checkCourseFiles } from './publish.ts';
import { one } from '../db/dialect.ts';

let env: Awaited<ReturnType<typeof useFreshDatabase>>;
let trainer: number;
const encode = (s: string) => new TextEncoder().encode(s);
const text = async (versionId: number, name: string) =>
	new TextDecoder().decode((await readFiles(versionId, [name]))[name]);

beforeEach(async () => {
	env = await useFreshDatabase();
	trainer = (
		await one(
			env.db
				.insert(users)
				.values({ role: 'trainer', username: 'trainer-studio', name: '培训老师', passwordHash: 'x' })
				.returning({ id: users.id })
		)
	).id;
});
afterEach(() => env.cleanup());

describe('the shipped courses', () => {
	it('are version 1 of each course, published, with their media served by hash and their exam never', async () => {
		expect((await listCourses()).map((c) => c.slug)).toEqual(['raising-chickens', 'shop-accounts', 'phone-safety']);
		const [v1] = await versionsOf('raising-chickens');
		expect(v1).toMatchObject({ number: 1, status: 'published', folder: '01-raising-chickens' });
		const files = await fileList(v1.id);
		const cover = files.find((f) => f.name === 'cover.svg')!;
		const served = await mediaResponse(cover.sha256, 'cover.svg', 'published');
		expect(served?.headers.get('content-type')).toBe('image/svg+xml');
		expect(served?.headers.get('content-security-policy')).toContain('sandbox');
		expect((await getCourse('raising-chickens'))?.coverUrl).toBe(`/media/${cover.sha256}/cover.svg`);
		const exam = files.find((f) => f.name === 'exam.md')!;
		expect(await mediaResponse(exam.sha256, 'exam.md', 'published')).toBeNull();
		expect(await mediaResponse(exam.sha256, 'exam.md', 'draft')).toBeNull();
	});
});

describe('a draft, checked and published', () => {
	it('is checked once per state of its files, and the course list counts what the check finds', async () => {
		const draft = (await openDraft('raising-chickens', trainer))!;
		const entry = async () => (await studioCourseList()).find((c) => c.slug === 'raising-chickens')!;
		expect(await checkVersion(draft)).toEqual([]);
		// Same files: the same result, not a second check.
		// (checkVersion is async now: the one cached check shows as the very same array of problems.)
		expect(await checkVersion((await versionsOf('raising-chickens')).find((v) => v.id === draft.id)!)).toBe(
			await checkVersion(draft)
		);
		expect(await entry()).toMatchObject({ status: 'published', draftProblems: 0 });

		const lesson = await text(draft.id, '03-vaccination.md');
		expect((await writeFile(draft.id, 1, trainer, '03-vaccination.md', encode(`${lesson}\n<Tip>没有关上\n`))).ok).toBe(
			true
		);
		const changed = (await versionsOf('raising-chickens')).find((v) => v.id === draft.id)!;
		expect(await checkVersion(changed)).toMatchObject([{ file: '03-vaccination.md', code: 'block_unclosed' }]);
		expect(await entry()).toMatchObject({ status: 'changed', draftProblems: 1 });

		// Back to the published text: the draft is the live version again, and passes.
		expect((await writeFile(draft.id, 2, trainer, '03-vaccination.md', encode(lesson))).ok).toBe(true);
		expect(await entry()).toMatchObject({ status: 'published', draftProblems: 0 });
		expect((await studioCourseList()).find((c) => c.slug === 'shop-accounts')?.draftProblems).toBeNull();
	});

	it('names a lesson title written in bold at its line, and the studio still opens the course', async () => {
		// YAML reads a value starting with * as a reference: it threw, and every studio page reading the draft failed.
		const draft = (await openDraft('raising-chickens', trainer))!;
		const lesson = await text(draft.id, '03-vaccination.md');
		const bold = lesson.replace(/^title: .*$/m, 'title: **重点**打疫苗');
		expect((await writeFile(draft.id, 1, trainer, '03-vaccination.md', encode(bold))).ok).toBe(true);
		const changed = (await versionsOf('raising-chickens')).find((v) => v.id === draft.id)!;
		const line = bold.split('\n').findIndex((l) => l.startsWith('title:')) + 1;
		expect(await checkVersion(changed)).toEqual([{ file: '03-vaccination.md', line, code: 'front_matter_reference' }]);
		expect((await studioCourseList()).find((c) => c.slug === 'raising-chickens')).toMatchObject({
			status: 'changed',
			draftProblems: 1
		});
	});

	it('refuses to publish with a problem named by file and line, then publishes the fix as version 2', async () => {
		const draft = (await openDraft('raising-chickens', trainer))!;
		expect(draft).toMatchObject({ status: 'draft', number: 2, revision: 1 });
		const lesson = await text(draft.id, '03-vaccination.md');
		const broken = lesson.replace(/\n\n/, '\n\n<script>alert(1)</script>\n\n');
		const line = broken.split('\n').findIndex((l) => l.includes('<script>')) + 1;
		expect(await writeFile(draft.id, 1, trainer, '03-vaccination.md', encode(broken))).toEqual({
			ok: true,
			revision: 2
		});

		const refused = await publishDraft(draft.id, 2, trainer);
		expect(refused.ok).toBe(false);
		if (refused.ok) return;
		expect(refused.error).toBe('problems');
		expect(refused.problems).toContainEqual(
			expect.objectContaining({ file: '03-vaccination.md', line, code: 'markup_script' })
		);
		expect((await getCourse('raising-chickens'))?.version).toBe(
			(await versionsOf('raising-chickens'))[1].contentVersion
		);

		const fixed = lesson.replace(/\n\n/, '\n\n新加的一句话：打疫苗前先看鸡有没有生病。\n\n');
		expect(await writeFile(draft.id, 2, trainer, '03-vaccination.md', encode(fixed))).toEqual({
			ok: true,
			revision: 3
		});
		const published = await publishDraft(draft.id, 3, trainer);
		expect(published).toMatchObject({ ok: true, number: 2 });
		const course = (await getCourse('raising-chickens'))!;
		expect(course.version).toBe(published.ok && published.contentVersion);
		expect(await lessonHtml('raising-chickens', 'vaccination')).toContain('新加的一句话');
		expect((await versionsOf('raising-chickens')).map((v) => [v.number, v.status])).toEqual([
			[2, 'published'],
			[1, 'superseded']
		]);
		// The county's ratings name who published the version learners have now.
		expect((await countyRatings()).find((r) => r.slug === 'raising-chickens')?.trainer).toEqual({
			id: trainer,
			name: '培训老师'
		});
		const entries = await env.db.select().from(auditLog).where(eq(auditLog.action, 'course.publish'));
		expect(entries).toEqual([expect.objectContaining({ actorId: trainer, targetId: 'raising-chickens' })]);
	});

	it('never lets a change made from an older revision overwrite a newer one', async () => {
		const draft = (await openDraft('shop-accounts', trainer))!;
		expect(await writeFile(draft.id, 1, trainer, 'course.md', encode('first'))).toEqual({ ok: true, revision: 2 });
		expect(await writeFile(draft.id, 1, trainer, 'course.md', encode('second'))).toEqual({
			ok: false,
			error: 'conflict',
			revision: 2
		});
		expect(await text(draft.id, 'course.md')).toBe('first');
	});

	it('adds, renames, moves and removes lessons; a refused change writes nothing', async () => {
		const draft = (await openDraft('phone-safety', trainer))!;
		const lessons = async () => (await fileList(draft.id)).map((f) => f.name).filter((n) => /^\d{2}-.*\.md$/.test(n));
		const before = await lessons();
		let r = await addLesson(draft.id, 1, trainer, 'online-shopping', '网上买东西');
		expect(r).toEqual({ ok: true, revision: 2 });
		const added = `${String(before.length + 1).padStart(2, '0')}-online-shopping.md`;
		expect(await lessons()).toContain(added);
		expect(await text(draft.id, added)).toContain('title: "网上买东西"');
		r = await addLesson(draft.id, 2, trainer, 'online-shopping', '又一课');
		expect(r).toEqual({ ok: false, error: 'exists' });
		expect(await moveLesson(draft.id, 2, trainer, added, -1)).toEqual({ ok: true, revision: 3 });
		expect((await lessons()).at(-2)).toBe(added.replace(/^\d{2}/, String(before.length).padStart(2, '0')));
		const moved = (await lessons()).at(-2)!;
		expect(await renameLesson(draft.id, 3, trainer, moved, 'buying-online')).toEqual({ ok: true, revision: 4 });
		expect(await lessons()).toContain(moved.replace('online-shopping', 'buying-online'));
		r = await deleteFile(draft.id, 4, trainer, 'course.md');
		expect(r).toEqual({ ok: false, error: 'missing' });
		r = await deleteFile(draft.id, 4, trainer, moved.replace('online-shopping', 'buying-online'));
		expect(r).toEqual({ ok: true, revision: 5 });
		expect(await lessons()).toHaveLength(before.length);
	});
});

describe('a new course', () => {
	it('starts from files the checker passes, so a trainer only adds what is theirs', async () => {
		expect(await checkCourseFiles('04-growing-tea', newCourseFiles('种茶', 'farming'))).toEqual([]);
		expect(await checkCourseFiles('04-growing-tea', newCourseFiles('种茶: 入门 #1 "新"', 'farming'))).toEqual([]);
	});
});

describe('versions', () => {
	it('restores an earlier version as a draft only when there is none, and withdraws a course', async () => {
		const draft = (await openDraft('raising-chickens', trainer))!;
		expect(await restoreAsDraft('raising-chickens', (await versionsOf('raising-chickens'))[1].id, trainer)).toEqual({
			ok: false,
			error: 'draft_exists'
		});
		const course = (await text(draft.id, 'course.md')).replace(/^title: .*$/m, 'title: 养鸡（新版）');
		await writeFile(draft.id, 1, trainer, 'course.md', encode(course));
		expect(await publishDraft(draft.id, 2, trainer)).toMatchObject({ ok: true });
		expect((await getCourse('raising-chickens'))?.title).toBe('养鸡（新版）');

		const first = (await versionsOf('raising-chickens')).find((v) => v.number === 1)!;
		expect(await restoreAsDraft('raising-chickens', first.id, trainer)).toMatchObject({ ok: true });
		const restored = (await versionsOf('raising-chickens')).find((v) => v.status === 'draft')!;
		expect(restored.number).toBe(3);
		expect(await text(restored.id, 'course.md')).toBe(await text(first.id, 'course.md'));

		// A draft thrown away: from a stale page it cannot be, from the current one it is; the live version stays.
		expect(await discardDraft('raising-chickens', 0, trainer)).toMatchObject({ ok: false, error: 'conflict' });
		expect(await discardDraft('raising-chickens', restored.revision, trainer)).toMatchObject({ ok: true });
		expect((await versionsOf('raising-chickens')).map((v) => v.status)).toEqual(['published', 'superseded']);
		expect((await getCourse('raising-chickens'))?.title).toBe('养鸡（新版）');

		expect(await withdrawCourse('raising-chickens', trainer)).toBe(true);
		expect(await getCourse('raising-chickens')).toBeNull();
		expect((await listCourses()).map((c) => c.slug)).not.toContain('raising-chickens');
	});

	it('serves a draft’s new picture to the studio only, until it is published', async () => {
		const draft = (await openDraft('shop-accounts', trainer))!;
		const svg = encode(
			'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>'
		);
		await writeFile(draft.id, 1, trainer, 'new-picture.svg', svg);
		const file = (await fileList(draft.id)).find((f) => f.name === 'new-picture.svg')!;
		expect(await mediaResponse(file.sha256, 'new-picture.svg', 'published')).toBeNull();
		expect((await mediaResponse(file.sha256, 'new-picture.svg', 'draft'))?.status).toBe(200);
	});
});
