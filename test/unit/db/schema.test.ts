import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreParams } from '../../../src/lib/domain/footfall';
import { clientStores } from '../../../src/lib/domain/footfall';
import { lockdownSql, storesTableSql, timestampLiteral } from '../../../src/lib/db/sql/schema';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const EVIL = "x'; DROP TABLE readings; --";
const store = (name: string, opened = '2024-01-01T00:00', sensors = 2): StoreParams => ({
	name,
	sensors,
	opened,
	avg: 1,
	std: 0,
	pFail: 0,
	pAnom: 0
});

describe('timestampLiteral', () => {
	it.each([
		['2024-01-01T00:00', "TIMESTAMP '2024-01-01 00:00:00'"],
		['2023-08-04T08:00', "TIMESTAMP '2023-08-04 08:00:00'"],
		['2021-09-15 10:03:30', "TIMESTAMP '2021-09-15 10:03:30'"]
	])('%s -> %s', (s, want) => {
		expect(timestampLiteral(s)).toBe(want);
	});
	it.each(['2024-01-01', '2024-02-30T00:00', '2024-01-01T24:00', "2024-01-01T00:00'--", ''])(
		'rejects %j',
		(s) => {
			expect(() => timestampLiteral(s)).toThrow(RangeError);
		}
	);
});

describe('storesTableSql and lockdownSql in DuckDB', () => {
	let db: NodeDbClient;
	beforeAll(async () => {
		db = await createNodeDb();
		await db.exec('CREATE TABLE readings AS SELECT 42 AS x');
	});
	afterAll(() => db?.close());

	it('builds the stores table of the client, store_idx = position', async () => {
		await db.exec(storesTableSql(clientStores()));
		expect(await db.query('SELECT * FROM stores ORDER BY store_idx')).toEqual([
			{ store_idx: 0, name: 'Madrid', sensors: 1, opened: Date.UTC(2024, 0, 1) },
			{ store_idx: 1, name: 'Paris', sensors: 20, opened: Date.UTC(2018, 0, 1) },
			{ store_idx: 2, name: 'Berlin', sensors: 6, opened: Date.UTC(2022, 0, 1) },
			{ store_idx: 3, name: 'Roma', sensors: 4, opened: Date.UTC(2019, 0, 1) },
			{ store_idx: 4, name: 'London', sensors: 8, opened: Date.UTC(2014, 0, 1) }
		]);
		const types = await db.query('DESCRIBE stores');
		expect(types.map((r) => `${r.column_name} ${r.column_type}`)).toEqual([
			'store_idx UTINYINT',
			'name VARCHAR',
			'sensors INTEGER',
			'opened TIMESTAMP'
		]);
	});

	it('stores a hostile store name verbatim and harms nothing', async () => {
		await db.exec(storesTableSql([store(EVIL), store("O'Brien's \\ shop", '2023-08-04T08:00')]));
		expect(await db.query('SELECT name, opened FROM stores ORDER BY store_idx')).toEqual([
			{ name: EVIL, opened: Date.UTC(2024, 0, 1) },
			{ name: "O'Brien's \\ shop", opened: Date.UTC(2023, 7, 4, 8) }
		]);
		expect(await db.query('SELECT x FROM readings')).toEqual([{ x: 42 }]);
	});

	it('replaces the table on every call and accepts an empty list', async () => {
		await db.exec(storesTableSql([]));
		expect(await db.query('SELECT * FROM stores')).toEqual([]);
	});

	it('refuses duplicate names, bad sensor counts and bad opening times', () => {
		expect(() => storesTableSql([store('A'), store('A')])).toThrow(/duplicate/);
		expect(() => storesTableSql([store('A', '2024-01-01T00:00', -1)])).toThrow(RangeError);
		expect(() => storesTableSql([store('A', '2024-01-01T00:00', 1.5)])).toThrow(RangeError);
		expect(() => storesTableSql([store('A', "2024-01-01'); DROP TABLE x; --")])).toThrow(
			RangeError
		);
	});

	it('starts with extension auto-install and auto-load off and a local repository', async () => {
		const [s] = await db.query(
			`SELECT current_setting('autoinstall_known_extensions') AS install,
			   current_setting('autoload_known_extensions') AS load,
			   current_setting('custom_extension_repository') AS repo`
		);
		expect(s).toEqual({ install: false, load: false, repo: 'http://127.0.0.1:9/no-extensions' });
	});

	it('answers a query that needs an extension with an error instead of a download', async () => {
		await expect(db.query("SELECT * FROM read_parquet('missing.parquet')")).rejects.toThrow(
			/parquet/
		);
		expect(await db.query('SELECT 1 AS ok')).toEqual([{ ok: 1 }]);
	});

	it('escapes the repository it is given', () => {
		expect(lockdownSql("https://site.example/it's")).toEqual([
			'SET autoinstall_known_extensions = false',
			'SET autoload_known_extensions = false',
			"SET custom_extension_repository = 'https://site.example/it''s'"
		]);
	});
});

describe('the Node test client', () => {
	let db: NodeDbClient;
	beforeAll(async () => {
		db = await createNodeDb();
	});
	afterAll(() => db?.close());

	it('runs the eh bundle of DuckDB 1.4.3, the one Chromium picks', () => {
		expect(db.info).toEqual({ bundle: 'eh', version: 'v1.4.3' });
	});

	it('binds parameters and runs several statements in one exec', async () => {
		await db.exec('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1), (2), (3)');
		expect(await db.query({ sql: 'SELECT a FROM t WHERE a >= ? ORDER BY a', params: [2] })).toEqual(
			[{ a: 2 }, { a: 3 }]
		);
	});

	it('rejects (does not throw synchronously) on bad SQL', async () => {
		const p = db.query('SELEC 1');
		expect(p).toBeInstanceOf(Promise);
		await expect(p).rejects.toThrow(/syntax error/i);
	});

	it('also runs the mvp bundle', async () => {
		const mvp = await createNodeDb({ bundle: 'mvp' });
		try {
			expect(mvp.info.bundle).toBe('mvp');
			expect(await mvp.query('SELECT 6 * 7 AS v')).toEqual([{ v: 42 }]);
		} finally {
			await mvp.close();
		}
	});
});
