// PostgreSQL addresses: a socket's (no host) as well as a server's. pg-server.spec.ts connects with them.
import { describe, expect, it } from 'vitest';
import { postgresDatabaseOf, withPostgresDatabase } from './postgres-url.ts';

describe('postgresDatabaseOf', () => {
	it('names the database of a server address and of a socket address', () => {
		expect(postgresDatabaseOf('postgres://u:pw@db.example.cn:5432/county')).toBe('county');
		expect(postgresDatabaseOf('postgres://zhizhi@/zhizhi_prod?host=/run/postgresql')).toBe('zhizhi_prod');
		expect(postgresDatabaseOf('postgresql://u@db.example.cn/b%C3%A4r')).toBe('bär');
	});
});

describe('withPostgresDatabase', () => {
	it('changes only the database: host, port, user, password and options stay', () => {
		expect(withPostgresDatabase('postgres://u:p%2Fw@db.example.cn:5433/zhizhi?sslmode=require', 'x_1')).toBe(
			'postgres://u:p%2Fw@db.example.cn:5433/x_1?sslmode=require'
		);
		expect(withPostgresDatabase('postgres://zhizhi@/zhizhi?host=/run/postgresql', 'x_1')).toBe(
			'postgres://zhizhi@/x_1?host=/run/postgresql'
		);
		expect(withPostgresDatabase('postgresql://db.example.cn', 'x_1')).toBe('postgresql://db.example.cn/x_1');
		expect(withPostgresDatabase('postgres://db.example.cn?host=/tmp', 'x 1')).toBe(
			'postgres://db.example.cn/x%201?host=/tmp'
		);
	});

	it('refuses what is not a postgres:// address', () => {
		expect(() => withPostgresDatabase('mysql://db.example.cn/x', 'y')).toThrow('Not a postgres:// address.');
	});
});
