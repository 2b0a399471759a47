// Before each test file: the process's default database is a copy of the template, so a test that never sets up
// a database of its own still finds the shipped courses (and never touches a real one).
import { copyOfTemplate } from '../../src/lib/server/tooling/copy-template.ts';

const path = copyOfTemplate();
if (path) process.env.DATABASE_PATH = path;
