import { accessSync, constants, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** Every setting the server reads, with its default. `.env.example` lists the same names. */
export interface Config {
	/** The SQLite file (the embedded default); its folder also keeps the issuer key and ticket secret files. */
	databasePath: string;
	/** PostgreSQL's address (postgres://…): when set, the data lives there instead of in the SQLite file. */
	databaseUrl: string | undefined;
	/** Connections each app server keeps open to PostgreSQL. */
	databasePoolSize: number;
	origin: string | undefined;
	production: boolean;
	issuerKeyPath: string;
	issuerKey: string | undefined;
	issuerName: string;
	syncMaxEvents: number;
	/** How long a dashboard's counts are kept before they are counted again (0: counted on every view). */
	dashboardCountsSeconds: number;
	/** Requests to /api/sync one learner may make in a minute. */
	syncRequestsPerMinute: number;
	/** Events one learner may send in a (China) day. */
	syncEventsPerDay: number;
	/** Secret that signs exam tickets; when unset, a file beside the database holds one (made on first use). */
	examTicketSecret: string | undefined;
	/** Days an exam ticket stays good, and how far before its arrival an event may be dated (offline use). */
	examOfflineWindowDays: number;
}

export class ConfigError extends Error {}

function intSetting(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	if (!/^\d+$/.test(raw))
		throw new ConfigError(`${name}="${raw}" is not a whole number: set ${name} to a number such as ${fallback}.`);
	return Number(raw);
}

/**
 * Reads and checks the settings. Throws a ConfigError whose message is one line naming the setting
 * and what to do, so that a bad install stops at start instead of half-working.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const production = env.NODE_ENV === 'production';
	if (env.PORT !== undefined && env.PORT !== '') {
		const port = intSetting(env, 'PORT', 3000);
		if (port < 1 || port > 65535)
			throw new ConfigError(`PORT=${port} is out of range: use a port between 1 and 65535.`);
	}
	const origin = env.ORIGIN || undefined;
	if (origin !== undefined && !/^https?:\/\/[^/]+$/.test(origin)) {
		throw new ConfigError(
			`ORIGIN="${origin}" is not an origin: set it like https://learn.example.cn (no path, no trailing slash).`
		);
	}
	if (production && !origin) {
		throw new ConfigError(
			'ORIGIN is not set: in production set ORIGIN to the public address, e.g. ORIGIN=https://learn.example.cn.'
		);
	}
	const databasePath = resolve(env.DATABASE_PATH || 'data/zhizhi.db');
	const databaseUrl = env.DATABASE_URL || undefined;
	if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
		throw new ConfigError(
			`DATABASE_URL="${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}" is not a PostgreSQL address: set it like postgres://user:password@host:5432/zhizhi, or leave it unset to keep the data in the SQLite file DATABASE_PATH.`
		);
	}
	const databasePoolSize = intSetting(env, 'DATABASE_POOL_SIZE', 10);
	if (databasePoolSize < 1) throw new ConfigError('DATABASE_POOL_SIZE=0: an app server needs at least 1 connection.');
	return {
		databasePath,
		databaseUrl,
		databasePoolSize,
		origin,
		production,
		issuerKeyPath: resolve(env.ISSUER_KEY_PATH || join(dirname(databasePath), 'issuer-key.json')),
		issuerKey: env.ISSUER_KEY || undefined,
		issuerName: env.ISSUER_NAME || '智智学堂',
		syncMaxEvents: intSetting(env, 'SYNC_MAX_EVENTS', 200),
		dashboardCountsSeconds: intSetting(env, 'DASHBOARD_COUNTS_SECONDS', 60),
		syncRequestsPerMinute: intSetting(env, 'SYNC_REQUESTS_PER_MINUTE', 60),
		syncEventsPerDay: intSetting(env, 'SYNC_EVENTS_PER_DAY', 3000),
		examTicketSecret: env.EXAM_TICKET_SECRET || undefined,
		examOfflineWindowDays: Math.max(1, intSetting(env, 'EXAM_OFFLINE_WINDOW_DAYS', 30))
	};
}

/** Fails with a ConfigError unless the database's folder exists (or can be made) and is writable. */
export function checkDatabasePath(path: string): void {
	const dir = dirname(path);
	try {
		mkdirSync(dir, { recursive: true });
		accessSync(dir, constants.W_OK);
	} catch {
		throw new ConfigError(
			`DATABASE_PATH="${path}" is not writable: point DATABASE_PATH at a file in a folder this user can write.`
		);
	}
}

let cached: Config | undefined;

/** The process's settings, read once. */
export function config(): Config {
	cached ??= readConfig();
	return cached;
}

/** Forgets the settings read, so that the next config() reads them again (tests, between test files). */
export function forgetConfig(): void {
	cached = undefined;
}
