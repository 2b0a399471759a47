import { sql } from 'drizzle-orm';
import {
	blob,
	index,
	integer,
	primaryKey,
	real,
	sqliteTable,
	text,
	uniqueIndex,
	type AnySQLiteColumn
} from 'drizzle-orm/sqlite-core';
import { RATING_FACES } from '../../sync/rating.ts';

// Times are stored as integer milliseconds (drizzle maps them to Date), which ports to PostgreSQL timestamps.
const createdAt = () =>
	integer('created_at', { mode: 'timestamp_ms' })
		.notNull()
		.default(sql`(unixepoch() * 1000)`);

/**
 * The county of the row's owner, on every learner-owned table (issue 17: the column a province's database would be
 * sharded by, e.g. with Citus, so that a county's rows stay together). A person's is their township's county
 * (`users.county_id`); a household's, its village's; every other row takes its owner's from the owner's row, in
 * the insert itself (db/county.ts). Null only where the owner has no county: trainers and admins, who belong to no
 * township, and their rows (a course tried out). Nullable for that reason, and because SQLite adds a NOT NULL column
 * to a filled table only with a default; the migrations filled the rows written before it. Learners never change county
 * (docs/operations.md). Not (yet) part of any key: see "Growing past one PostgreSQL" there.
 *
 * A person's and a household's county refer to the county (countyKey); on every other row it is a copy of its
 * owner's, without a key of its own: the owner's key already ties the row to it, and a key on every event, lesson
 * and attempt would check the county's one row on every insert (PostgreSQL locks it FOR KEY SHARE: in the sync
 * bench, 68,000 checks of ten rows in 60,000 events, every batch's transactions sharing locks on the same row).
 */
const countyId = () => integer('county_id');
/** `county_id` of a person's or a household's own row: a key to the county (see countyId). */
const countyKey = () => integer('county_id').references((): AnySQLiteColumn => counties.id);

export const ROLES = ['learner', 'trainer', 'staff', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** County > township > village: each level has an official code (行政区划代码 style) and a Chinese name. */
export const counties = sqliteTable('counties', {
	id: integer('id').primaryKey({ autoIncrement: true }),
	code: text('code').notNull().unique(),
	name: text('name').notNull(),
	createdAt: createdAt()
});

export const townships = sqliteTable(
	'townships',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		countyId: integer('county_id')
			.notNull()
			.references(() => counties.id),
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('townships_county_idx').on(t.countyId)]
);

export const villages = sqliteTable(
	'villages',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		townshipId: integer('township_id')
			.notNull()
			.references(() => townships.id),
		code: text('code').notNull().unique(),
		name: text('name').notNull(),
		createdAt: createdAt()
	},
	(t) => [index('villages_township_idx').on(t.townshipId)]
);

/** A registered household (户), identified by its registration code in the township's records. */
export const households = sqliteTable(
	'households',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id),
		code: text('code').notNull().unique(),
		headName: text('head_name').notNull(),
		createdAt: createdAt(),
		countyId: countyKey()
	},
	(t) => [index('households_village_idx').on(t.villageId)]
);

/**
 * Every person who signs in. A learner belongs to a household (so to a village and township);
 * staff are bound to one township; trainers and admins to neither.
 */
export const users = sqliteTable(
	'users',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		role: text('role', { enum: ROLES }).notNull(),
		name: text('name').notNull(),
		username: text('username').notNull().unique(),
		phone: text('phone').unique(),
		idNumber: text('id_number').unique(),
		householdId: integer('household_id').references(() => households.id),
		townshipId: integer('township_id').references(() => townships.id),
		// Null until the learner is given a first sign-in code (an imported learner has none yet).
		passwordHash: text('password_hash'),
		mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
		// A one-time sign-in code handed out by staff (or a reset by an admin) stops working after this time;
		// null for a password the person chose. Cleared when the person sets their own password.
		signInCodeExpiresAt: integer('sign_in_code_expires_at', { mode: 'timestamp_ms' }),
		// Set when the one-time code was used to sign in: it works once.
		signInCodeUsedAt: integer('sign_in_code_used_at', { mode: 'timestamp_ms' }),
		// A learner who registered into an existing household waits for staff to approve them.
		awaitingApproval: integer('awaiting_approval', { mode: 'boolean' }).notNull().default(false),
		disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
		locale: text('locale').notNull().default('zh-CN'),
		createdAt: createdAt(),
		// The learner's latest learning event (any kind; the phone's time, never later than its arrival).
		// Kept with each event so the records can find active and inactive learners without reading the events.
		lastActiveAt: integer('last_active_at', { mode: 'timestamp_ms' }),
		// How many of the learner's certificates are valid (issued, not revoked); kept with each issue and revocation.
		validCertificates: integer('valid_certificates').notNull().default(0),
		countyId: countyKey()
	},
	(t) => [
		index('users_household_idx').on(t.householdId),
		index('users_township_idx').on(t.townshipId),
		// Learners in id order (the records export and API page through them by id).
		index('users_role_idx').on(t.role),
		// Records: active / inactive learners of a township or the county, and per-village counts.
		index('users_role_township_active_idx').on(t.role, t.townshipId, t.lastActiveAt),
		index('users_role_active_idx').on(t.role, t.lastActiveAt),
		index('users_role_township_household_idx').on(
			t.role,
			t.townshipId,
			t.householdId,
			t.lastActiveAt,
			t.validCertificates
		)
	]
);

/** Sessions hold only the SHA-256 of the token the browser has (the Lucia guide's design). */
export const sessions = sqliteTable(
	'sessions',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id, { onDelete: 'cascade' }),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		createdAt: createdAt(),
		userAgent: text('user_agent')
	},
	(t) => [index('sessions_user_idx').on(t.userId)]
);

/** Failed sign-ins per key ("account:<name>" or "ip:<addr>"), kept in the database so restarts don't reset them. */
export const rateLimits = sqliteTable('rate_limits', {
	key: text('key').primaryKey(),
	failures: integer('failures').notNull().default(0),
	blockedUntil: integer('blocked_until', { mode: 'timestamp_ms' }),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull()
});

/** Codes staff hand out so learners can register themselves into the right village. */
export const enrolmentCodes = sqliteTable(
	'enrolment_codes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		code: text('code').notNull().unique(),
		villageId: integer('village_id')
			.notNull()
			.references(() => villages.id),
		createdBy: integer('created_by').references(() => users.id),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		maxUses: integer('max_uses').notNull(),
		uses: integer('uses').notNull().default(0),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		createdAt: createdAt()
	},
	(t) => [index('enrolment_codes_village_idx').on(t.villageId)]
);

export const EVENT_KINDS = ['lesson_completed', 'practice_answer', 'exam_attempt', 'rating', 'not_understood'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/**
 * Everything a learner does, as immutable events keyed by the UUID the client made.
 * The primary key makes every insert idempotent: a retried or doubled event counts once.
 */
export const learningEvents = sqliteTable(
	'learning_events',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		kind: text('kind', { enum: EVENT_KINDS }).notNull(),
		courseSlug: text('course_slug').notNull(),
		lessonSlug: text('lesson_slug'),
		contentVersion: text('content_version').notNull(),
		payload: text('payload', { mode: 'json' }).$type<Record<string, unknown>>(),
		clientAt: integer('client_at', { mode: 'timestamp_ms' }).notNull(),
		receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	// Every event a phone sends writes a row here and an entry in each index: one index beside the id's. It gives
	// the last activity per learner (records dashboard: active, inactive) and finds a learner's rows. An index on
	// (learner, course, kind) was dropped: nothing read by it, and the evening's sync wrote every event into it.
	(t) => [index('events_user_client_at_idx').on(t.userId, t.clientAt)]
);

/** The first completion of each lesson by each learner (a projection of lesson_completed events). */
export const lessonCompletions = sqliteTable(
	'lesson_completions',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		lessonSlug: text('lesson_slug').notNull(),
		eventId: text('event_id')
			.notNull()
			.references(() => learningEvents.id),
		contentVersion: text('content_version').notNull(),
		completedAt: integer('completed_at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	(t) => [
		uniqueIndex('completions_user_lesson_uq').on(t.userId, t.courseSlug, t.lessonSlug),
		index('completions_course_idx').on(t.courseSlug, t.completedAt),
		// Covers the trainer's count of learners per lesson, and where they stop: a lesson's learners (and when),
		// each looked up among the next lesson's, read from this index alone (learning/lesson-stops.ts).
		index('completions_course_lesson_idx').on(t.courseSlug, t.lessonSlug, t.userId, t.completedAt),
		// Covers the records' per (learner, course) count and last completion.
		index('completions_user_course_at_idx').on(t.userId, t.courseSlug, t.completedAt),
		// A county's lessons of the month (the village ranking), in a database of several counties.
		index('completions_county_at_idx').on(t.countyId, t.completedAt)
	]
);

/**
 * Every exam version the server has served, with its answer key, so an attempt taken offline on an older
 * version of a course is marked against the questions the learner actually saw.
 */
export const examVersions = sqliteTable(
	'exam_versions',
	{
		courseSlug: text('course_slug').notNull(),
		version: text('version').notNull(),
		questions: text('questions', { mode: 'json' }).$type<unknown[]>().notNull(),
		passMark: integer('pass_mark').notNull(),
		/** How many questions an attempt draws from the pool; null: every question. */
		drawCount: integer('draw_count'),
		createdAt: createdAt()
	},
	(t) => [primaryKey({ columns: [t.courseSlug, t.version] })]
);

/**
 * A signed, single-use permission to take one exam attempt, issued on the server's clock when the exam is opened
 * (online, or when a course is saved for offline). It fixes the questions drawn for this attempt and their
 * order (the seed), and the daily limit counts tickets by their issue time, never the phone's clock.
 */
export const examTickets = sqliteTable(
	'exam_tickets',
	{
		id: text('id').primaryKey(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		contentVersion: text('content_version').notNull(),
		seed: integer('seed').notNull(),
		/** The ids of the questions drawn for this attempt (all of them when the exam has no pool). */
		questionIds: text('question_ids', { mode: 'json' }).$type<string[]>().notNull(),
		issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
		expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
		/** The attempt (event id) that used the ticket; a ticket is graded once. */
		usedBy: text('used_by'),
		usedAt: integer('used_at', { mode: 'timestamp_ms' }),
		countyId: countyId()
	},
	(t) => [
		index('exam_tickets_user_course_issued_idx').on(t.userId, t.courseSlug, t.issuedAt),
		// Only used tickets: an open one has no event yet. A full index also held every open ticket under NULL, and
		// PostgreSQL's planner, seeing few of them, looked up "this ticket, if still open" through that NULL run
		// (which grows with every ticket used, until a vacuum) rather than by the ticket's key.
		uniqueIndex('exam_tickets_used_by_uq')
			.on(t.usedBy)
			.where(sql`${t.usedBy} is not null`)
	]
);

/** Graded exam attempts (a projection of exam_attempt events, graded on the server). */
export const examAttempts = sqliteTable(
	'exam_attempts',
	{
		eventId: text('event_id')
			.primaryKey()
			.references(() => learningEvents.id),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		contentVersion: text('content_version').notNull(),
		seed: integer('seed').notNull(),
		/** The ticket the attempt was taken on; null only for attempts graded before tickets existed. */
		ticketId: text('ticket_id').references(() => examTickets.id),
		answers: text('answers', { mode: 'json' }).$type<Record<string, string[]>>().notNull(),
		score: real('score').notNull(),
		passed: integer('passed', { mode: 'boolean' }).notNull(),
		review: text('review', { mode: 'json' }).$type<string[]>().notNull(),
		startedAt: integer('started_at', { mode: 'timestamp_ms' }),
		submittedAt: integer('submitted_at', { mode: 'timestamp_ms' }).notNull(),
		gradedAt: integer('graded_at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	(t) => [
		index('attempts_user_course_idx').on(t.userId, t.courseSlug, t.submittedAt),
		// The latest attempts of a course (the trainer's question statistics).
		index('attempts_course_idx').on(t.courseSlug, t.submittedAt),
		// Covers the records' per (learner, course) best score and pass/fail counts.
		index('attempts_user_course_score_idx').on(t.userId, t.courseSlug, t.passed, t.score)
	]
);

/**
 * Where each learner stands in each course they started: a summary of their lesson completions and exam
 * attempts, kept in the same transaction as those rows (and rebuilt from them by `rebuildLearnerCourses`),
 * so the township records read one row per learner and course instead of millions of events.
 */
export const learnerCourses = sqliteTable(
	'learner_courses',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		/**
		 * The learner's township (learners do not change township); null for staff and trainers trying a course. So
		 * a township's or a county's figures per course read their own rows, not every learner's of the database.
		 */
		townshipId: integer('township_id').references(() => townships.id),
		/** Lessons completed (each lesson once). */
		lessonsDone: integer('lessons_done').notNull().default(0),
		lastLessonAt: integer('last_lesson_at', { mode: 'timestamp_ms' }),
		attempts: integer('attempts').notNull().default(0),
		passedAttempts: integer('passed_attempts').notNull().default(0),
		bestScore: real('best_score'),
		lastAttemptAt: integer('last_attempt_at', { mode: 'timestamp_ms' }),
		countyId: countyId()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.courseSlug] }),
		// Covers the dashboard's by-course figures (read in course order without touching the table).
		index('learner_courses_course_idx').on(
			t.courseSlug,
			t.lessonsDone,
			t.attempts,
			t.passedAttempts,
			t.bestScore,
			t.userId
		),
		// A township's (or a county's townships') by-course figures, as learner_courses_course_idx covers the whole's.
		index('learner_courses_township_idx').on(
			t.townshipId,
			t.courseSlug,
			t.lessonsDone,
			t.attempts,
			t.passedAttempts,
			t.bestScore
		),
		// "Needs help": failed an exam twice without passing. Constants, not parameters, so SQLite can use it.
		index('learner_courses_failing_idx')
			.on(t.userId, t.courseSlug)
			.where(sql`${t.passedAttempts} = 0 and ${t.attempts} >= 2`)
	]
);

export const certificates = sqliteTable(
	'certificates',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		number: text('number').notNull().unique(),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		courseTitle: text('course_title').notNull(),
		contentVersion: text('content_version').notNull(),
		score: real('score').notNull(),
		townshipId: integer('township_id')
			.notNull()
			.references(() => townships.id),
		attemptId: text('attempt_id').references(() => examAttempts.eventId),
		credential: text('credential', { mode: 'json' }).$type<Record<string, unknown>>(),
		issuedAt: integer('issued_at', { mode: 'timestamp_ms' }).notNull(),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
		revokedReason: text('revoked_reason'),
		revokedBy: integer('revoked_by').references((): AnySQLiteColumn => users.id),
		countyId: countyId()
	},
	(t) => [
		uniqueIndex('certificates_user_course_uq').on(t.userId, t.courseSlug),
		// Certificates of a township / the county, per month, valid or revoked: read from the index alone.
		index('certificates_township_issued_idx').on(t.townshipId, t.issuedAt, t.revokedAt),
		index('certificates_issued_idx').on(t.issuedAt, t.revokedAt),
		// "Has a valid certificate" per learner (records by village and household).
		index('certificates_user_valid_idx').on(t.userId, t.revokedAt)
	]
);

/** Read-only records API tokens, one township each; only the SHA-256 of the token is kept. */
export const apiTokens = sqliteTable(
	'api_tokens',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		townshipId: integer('township_id')
			.notNull()
			.references(() => townships.id),
		name: text('name').notNull(),
		tokenHash: text('token_hash').notNull().unique(),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt(),
		lastUsedAt: integer('last_used_at', { mode: 'timestamp_ms' }),
		revokedAt: integer('revoked_at', { mode: 'timestamp_ms' })
	},
	(t) => [index('api_tokens_township_idx').on(t.townshipId)]
);

/** Who did what to whom, and when: imports, exports, resets, revocations. */
export const auditLog = sqliteTable(
	'audit_log',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		actorId: integer('actor_id').references(() => users.id),
		action: text('action').notNull(),
		targetType: text('target_type'),
		targetId: text('target_id'),
		townshipId: integer('township_id').references(() => townships.id),
		detail: text('detail', { mode: 'json' }).$type<Record<string, unknown>>()
	},
	(t) => [index('audit_township_at_idx').on(t.townshipId, t.at), index('audit_actor_idx').on(t.actorId)]
);

// --- Issue 14 (several server processes): a roster preview waiting for its confirmation, sealed. ---------------
/**
 * Between a roster's preview and its confirmation the checked rows wait here, so the confirmation may reach
 * another server process than the preview. Sealed with AES-256-GCM under a key that only the staff member's page
 * holds (in the confirmation form), so the ID numbers are not readable on disk; a row lives 30 minutes at most.
 */
export const pendingRosterImports = sqliteTable('pending_roster_imports', {
	id: text('id').primaryKey(),
	actorId: integer('actor_id')
		.notNull()
		.references(() => users.id, { onDelete: 'cascade' }),
	sealed: blob('sealed', { mode: 'buffer' }).notNull(),
	expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull()
});
// --- end of issue 14 ----------------------------------------------------------------------------------------------

// --- Learner motivation (issue 16): the weekly goal a learner picks. Additions only. ---

/**
 * Each learner's weekly goal ("3 lessons a week"): the latest `goal_set` event wins, by its clamped time and then
 * its id, so phones that chose offline agree once they have all synced. One row per learner.
 */
export const learnerGoals = sqliteTable('learner_goals', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => users.id),
	lessonsPerWeek: integer('lessons_per_week').notNull(),
	/** The choice's time (the phone's, clamped like every event's). */
	setAt: integer('set_at', { mode: 'timestamp_ms' }).notNull(),
	/** The event that set it: a resend of it is answered "duplicate". */
	eventId: text('event_id').notNull(),
	receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
	countyId: countyId()
});

// ---- Village progress and staff follow-up (issue 16) ----------------------------------------------------------

/**
 * A learner's choices about being shown to others. One row per learner who has chosen anything; no row means
 * every choice is off (the default): nobody's name is shown to other learners unless they said so.
 */
export const learnerSettings = sqliteTable('learner_settings', {
	userId: integer('user_id')
		.primaryKey()
		.references(() => users.id),
	/** May be listed by name as a "学习之星" (star of the month) on the village page, with what they did. */
	showAsStar: integer('show_as_star', { mode: 'boolean' }).notNull().default(false),
	updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
	countyId: countyId()
});

/**
 * Staff noting that they contacted a learner who needed help: who, when they spoke (a China calendar day), and a
 * short note. Never edited or deleted: the list of notes is the audit of who followed up whom and when.
 */
export const followUpNotes = sqliteTable(
	'follow_up_notes',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		learnerId: integer('learner_id')
			.notNull()
			.references(() => users.id),
		staffId: integer('staff_id')
			.notNull()
			.references(() => users.id),
		/** The learner's township when the note was written (staff see only their own township's notes). */
		townshipId: integer('township_id')
			.notNull()
			.references(() => townships.id),
		/** The China calendar day of the contact, YYYY-MM-DD, as the staff member gave it. */
		contactedOn: text('contacted_on').notNull(),
		note: text('note').notNull(),
		createdAt: createdAt(),
		countyId: countyId()
	},
	(t) => [
		index('follow_up_learner_idx').on(t.learnerId, t.createdAt),
		index('follow_up_township_idx').on(t.townshipId, t.createdAt)
	]
);

// ---- Opportunities (issue 16): jobs, cooperative openings, training sessions and microcredit that township
// staff and the county post for learners. Additions only; one block so that merges stay easy. ----

export const OPPORTUNITY_KINDS = ['job', 'cooperative', 'training', 'microcredit'] as const;
export type OpportunityKind = (typeof OPPORTUNITY_KINDS)[number];

/**
 * One posted opportunity. `townshipId` null means every township of the county (only an admin posts those).
 * Days are China calendar days as YYYY-MM-DD text: a person picks a day, not an instant, and "until 30 June"
 * must mean the same day in every time zone the server may run in. Closed or past `expiresOn`: no longer shown.
 */
export const opportunities = sqliteTable(
	'opportunities',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		townshipId: integer('township_id').references(() => townships.id),
		kind: text('kind', { enum: OPPORTUNITY_KINDS }).notNull(),
		title: text('title').notNull(),
		// Plain text, shown as text: never rendered as markup.
		description: text('description').notNull(),
		place: text('place').notNull(),
		startsOn: text('starts_on').notNull(),
		endsOn: text('ends_on'),
		expiresOn: text('expires_on').notNull(),
		contactName: text('contact_name').notNull(),
		contactPhone: text('contact_phone').notNull(),
		createdBy: integer('created_by')
			.notNull()
			.references(() => users.id),
		createdAt: createdAt(),
		updatedBy: integer('updated_by').references(() => users.id),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }),
		closedAt: integer('closed_at', { mode: 'timestamp_ms' }),
		closedBy: integer('closed_by').references(() => users.id)
	},
	(t) => [index('opportunities_township_expires_idx').on(t.townshipId, t.expiresOn)]
);

/** The certificates (by course) an opportunity asks for; none means open to all. */
export const opportunityCourses = sqliteTable(
	'opportunity_courses',
	{
		opportunityId: integer('opportunity_id')
			.notNull()
			.references(() => opportunities.id, { onDelete: 'cascade' }),
		courseSlug: text('course_slug').notNull()
	},
	(t) => [primaryKey({ columns: [t.opportunityId, t.courseSlug] })]
);

/**
 * Who said "我感兴趣" to which opportunity, as it stands now: the latest of the learner's interest events (by the
 * phone's time) decides, so a withdrawal sent after a late-arriving older "interested" still wins.
 */
export const opportunityInterest = sqliteTable(
	'opportunity_interest',
	{
		opportunityId: integer('opportunity_id')
			.notNull()
			.references(() => opportunities.id, { onDelete: 'cascade' }),
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		interested: integer('interested', { mode: 'boolean' }).notNull(),
		eventId: text('event_id').notNull(),
		changedAt: integer('changed_at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	(t) => [primaryKey({ columns: [t.opportunityId, t.userId] }), index('opportunity_interest_user_idx').on(t.userId)]
);

/** Every interest event by its phone-made UUID, so a resend is answered "duplicate" and a reused id refused. */
export const interestEvents = sqliteTable('interest_events', {
	id: text('id').primaryKey(),
	userId: integer('user_id')
		.notNull()
		.references(() => users.id),
	opportunityId: integer('opportunity_id').notNull(),
	interested: integer('interested', { mode: 'boolean' }).notNull(),
	clientAt: integer('client_at', { mode: 'timestamp_ms' }).notNull(),
	receivedAt: integer('received_at', { mode: 'timestamp_ms' }).notNull(),
	countyId: countyId()
});

// --- Issue 15 (courses as data): trainers own the courses; the folders in content/ are imported at first start. --
export const COURSE_VERSION_STATUSES = ['draft', 'published', 'superseded', 'withdrawn'] as const;
export type CourseVersionStatus = (typeof COURSE_VERSION_STATUSES)[number];

/**
 * One version of a course: a draft (editable, at most one per course), then published (immutable; at most one
 * per course is live), superseded by the next one or withdrawn. Its files are in course_files.
 */
export const courseVersions = sqliteTable(
	'course_versions',
	{
		id: integer('id').primaryKey({ autoIncrement: true }),
		courseSlug: text('course_slug').notNull(),
		/** 1, 2, … per course; a draft has the number it will be published as. */
		number: integer('number').notNull(),
		/** The course's folder name ('01-raising-chickens'): its number orders the catalogue. */
		folder: text('folder').notNull(),
		status: text('status', { enum: COURSE_VERSION_STATUSES }).notNull(),
		/** The content version learners' events carry (courseVersion), set when published. */
		contentVersion: text('content_version'),
		/** Bumped by every change to a draft: a save names the revision it began from, so none is lost silently. */
		revision: integer('revision').notNull().default(1),
		basedOn: integer('based_on'),
		createdBy: integer('created_by').references(() => users.id),
		createdAt: createdAt(),
		updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
		updatedBy: integer('updated_by').references(() => users.id),
		publishedAt: integer('published_at', { mode: 'timestamp_ms' }),
		publishedBy: integer('published_by').references(() => users.id)
	},
	(t) => [
		uniqueIndex('course_versions_number_idx').on(t.courseSlug, t.number),
		uniqueIndex('course_versions_one_draft_idx')
			.on(t.courseSlug)
			.where(sql`status = 'draft'`),
		uniqueIndex('course_versions_one_live_idx')
			.on(t.courseSlug)
			.where(sql`status = 'published'`)
	]
);

/** The bytes of course files, by their SHA-256: versions share what did not change, media are served by hash. */
export const courseBlobs = sqliteTable('course_blobs', {
	sha256: text('sha256').primaryKey(),
	size: integer('size').notNull(),
	data: blob('data', { mode: 'buffer' }).notNull()
});

/** The files of a course version by name (course.md, 01-x.md, exam.md, pictures, recordings). */
export const courseFiles = sqliteTable(
	'course_files',
	{
		versionId: integer('version_id')
			.notNull()
			.references(() => courseVersions.id, { onDelete: 'cascade' }),
		name: text('name').notNull(),
		sha256: text('sha256')
			.notNull()
			.references(() => courseBlobs.sha256),
		/** A picture as the trainer uploaded it, before it was made small for phones: kept, never sent to a phone. */
		originalSha256: text('original_sha256').references(() => courseBlobs.sha256)
	},
	(t) => [primaryKey({ columns: [t.versionId, t.name] }), index('course_files_sha_idx').on(t.sha256)]
);

/** A published version's lessons and introduction as the HTML learners get, rendered once when it is published. */
export const coursePages = sqliteTable(
	'course_pages',
	{
		versionId: integer('version_id')
			.notNull()
			.references(() => courseVersions.id, { onDelete: 'cascade' }),
		file: text('file').notNull(),
		html: text('html').notNull()
	},
	(t) => [primaryKey({ columns: [t.versionId, t.file] })]
);

/** Bumped by every publish and withdrawal: each server process rebuilds its course index when it changes. */
export const contentGeneration = sqliteTable('content_generation', {
	id: integer('id').primaryKey(),
	generation: integer('generation').notNull()
});

// ---- The learners' voice (issue 15): ratings of courses and lessons, and "我没看懂". Additions only. ----

/**
 * Each learner's rating of a course (`lessonSlug` '') or of a lesson, as it stands: the latest `rating` event (by
 * its clamped time, then its id) wins, so phones that rated offline agree once they have synced. The comment is
 * the learner's own text, kept as typed (tidied, capped) and only ever shown as text, never with who wrote it.
 */
export const learnerRatings = sqliteTable(
	'learner_ratings',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		/** '' for the course itself (a key column: SQLite would let two NULLs through the primary key). */
		lessonSlug: text('lesson_slug').notNull().default(''),
		face: text('face', { enum: RATING_FACES }).notNull(),
		comment: text('comment'),
		/** The event that set it: the latest one heard of. */
		eventId: text('event_id').notNull(),
		/** The rating's time (the phone's, clamped like every event's). */
		ratedAt: integer('rated_at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.courseSlug, t.lessonSlug] }),
		// A course's faces per lesson and its latest comments (the trainer's page, the county's table).
		index('learner_ratings_course_idx').on(t.courseSlug, t.lessonSlug, t.face),
		index('learner_ratings_course_at_idx').on(t.courseSlug, t.ratedAt)
	]
);

/** The lessons a learner said they did not understand: the first tap counts, one row per learner and lesson. */
export const lessonNotUnderstood = sqliteTable(
	'lesson_not_understood',
	{
		userId: integer('user_id')
			.notNull()
			.references(() => users.id),
		courseSlug: text('course_slug').notNull(),
		lessonSlug: text('lesson_slug').notNull(),
		eventId: text('event_id').notNull(),
		at: integer('at', { mode: 'timestamp_ms' }).notNull(),
		countyId: countyId()
	},
	(t) => [
		primaryKey({ columns: [t.userId, t.courseSlug, t.lessonSlug] }),
		index('lesson_not_understood_course_idx').on(t.courseSlug, t.lessonSlug)
	]
);

/**
 * Secrets every app server must share, kept here on PostgreSQL when no setting gives them (db/instance-secrets.ts):
 * the certificate signing key ('issuer-key', its private half included) and the exam-ticket secret. SQLite installs
 * keep them in files beside the database instead, so this table stays empty there.
 */
export const instanceSecrets = sqliteTable('instance_secrets', {
	name: text('name').primaryKey(),
	value: text('value').notNull(),
	createdAt: createdAt()
});
