// The tables the app's queries name, from the engine this process runs on: schema.sqlite.ts (the embedded default)
// or schema.pg.ts (when DATABASE_URL is set). The app's code imports its tables from here and is typed against the
// SQLite schema; schema-parity.spec.ts proves the PostgreSQL one gives the very same row types. A table object
// carries its engine's column types (a Date becomes integer milliseconds for SQLite and a timestamptz for
// PostgreSQL), so the choice is made once, as the process starts (see engine.ts).
import { startEngine } from './engine.ts';
import * as pg from './schema.pg.ts';
import * as sqlite from './schema.sqlite.ts';

export {
	ROLES,
	EVENT_KINDS,
	OPPORTUNITY_KINDS,
	COURSE_VERSION_STATUSES,
	type Role,
	type EventKind,
	type OpportunityKind,
	type CourseVersionStatus
} from './schema.sqlite.ts';

const tables = (startEngine === 'postgres' ? pg : sqlite) as unknown as typeof sqlite;

export const counties = tables.counties;
export const townships = tables.townships;
export const villages = tables.villages;
export const households = tables.households;
export const users = tables.users;
export const sessions = tables.sessions;
export const rateLimits = tables.rateLimits;
export const enrolmentCodes = tables.enrolmentCodes;
export const learningEvents = tables.learningEvents;
export const lessonCompletions = tables.lessonCompletions;
export const examVersions = tables.examVersions;
export const examTickets = tables.examTickets;
export const examAttempts = tables.examAttempts;
export const learnerCourses = tables.learnerCourses;
export const certificates = tables.certificates;
export const apiTokens = tables.apiTokens;
export const auditLog = tables.auditLog;
export const pendingRosterImports = tables.pendingRosterImports;
export const learnerGoals = tables.learnerGoals;
export const learnerSettings = tables.learnerSettings;
export const followUpNotes = tables.followUpNotes;
export const opportunities = tables.opportunities;
export const opportunityCourses = tables.opportunityCourses;
export const opportunityInterest = tables.opportunityInterest;
export const interestEvents = tables.interestEvents;
export const courseVersions = tables.courseVersions;
export const courseBlobs = tables.courseBlobs;
export const courseFiles = tables.courseFiles;
export const coursePages = tables.coursePages;
export const contentGeneration = tables.contentGeneration;
export const learnerRatings = tables.learnerRatings;
export const lessonNotUnderstood = tables.lessonNotUnderstood;
export const instanceSecrets = tables.instanceSecrets;
