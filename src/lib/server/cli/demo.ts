// npm run demo — a fresh demo database, then the production build on PORT (default 3000), as `npm start` serves it
// (one process per core; WEB_CONCURRENCY to choose).
import { spawn, spawnSync } from 'node:child_process';

const port = process.env.PORT || '3000';
const env = {
	...process.env,
	DATABASE_PATH: process.env.DATABASE_PATH || 'data/demo.db',
	PORT: port,
	ORIGIN: process.env.ORIGIN || `http://localhost:${port}`,
	BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT || '6291456'
};
const seeded = spawnSync('npx', ['tsx', 'src/lib/server/cli/seed.ts', '--demo', '--fresh'], { env, stdio: 'inherit' });
if (seeded.status !== 0) process.exit(seeded.status ?? 1);
console.log(`Zhizhi Learn demo: ${env.ORIGIN}`);
const server = spawn(process.execPath, ['src/lib/server/cli/serve.js'], { env, stdio: 'inherit' });
server.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
