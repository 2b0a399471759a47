// Which engine this process keeps its data in, decided once as it starts: PostgreSQL when DATABASE_URL is set
// (or on a PostgreSQL test run, ZHIZHI_TEST_ENGINE=postgres), else SQLite. The tables the app's queries name
// (schema.ts) are this engine's.
import type { Engine } from './index.ts';

export const startEngine: Engine =
	process.env.DATABASE_URL || process.env.ZHIZHI_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
