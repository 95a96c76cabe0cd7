import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromArrays } from 'apache-arrow';
import { arrowToRows, bigIntToNumber } from '../../../src/lib/arrow/rows';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

describe('bigIntToNumber', () => {
	it.each([
		[0n, 0],
		[-1n, -1],
		[9_007_199_254_740_991n, 9_007_199_254_740_991],
		[-9_007_199_254_740_991n, -9_007_199_254_740_991],
		[9_007_199_254_740_992n, '9007199254740992'],
		[-9_007_199_254_740_993n, '-9007199254740993']
	])('%s -> %s (a string only where a number would be inexact)', (v, want) => {
		expect(bigIntToNumber(v)).toBe(want);
	});
});

describe('arrowToRows', () => {
	it('turns a table built in JS into plain objects', () => {
		const t = tableFromArrays({
			a: Int32Array.from([1, -2]),
			b: Float64Array.from([0.5, NaN]),
			c: ['x', 'y']
		});
		const rows = arrowToRows(t);
		expect(rows).toEqual([
			{ a: 1, b: 0.5, c: 'x' },
			{ a: -2, b: NaN, c: 'y' }
		]);
	});

	it('returns no rows for an empty table', () => {
		expect(arrowToRows(tableFromArrays({ a: new Int32Array(0) }))).toEqual([]);
	});
});

describe('DuckDB-WASM result types -> plain JS values', () => {
	let db: NodeDbClient;
	beforeAll(async () => {
		db = await createNodeDb();
	});
	afterAll(() => db?.close());

	it.each([
		['TINYINT', '-5::TINYINT', -5],
		['UTINYINT', '250::UTINYINT', 250],
		['INTEGER', '(-2147483648)::INTEGER', -2_147_483_648],
		['UINTEGER', '4294967295::UINTEGER', 4_294_967_295],
		['BIGINT', '-1234567890123::BIGINT', -1_234_567_890_123],
		['BIGINT beyond 2^53', '9007199254740993::BIGINT', '9007199254740993'],
		['UBIGINT', '18446744073709551615::UBIGINT', '18446744073709551615'],
		['UBIGINT small', '42::UBIGINT', 42],
		['HUGEINT sum', 'sum(x) FROM (VALUES (2::BIGINT), (3::BIGINT)) t(x)', 5],
		['count(*)', 'count(*) FROM range(7)', 7],
		['DECIMAL', '12.25::DECIMAL(10,2)', 12.25],
		['negative DECIMAL', '-0.5::DECIMAL(4,1)', -0.5],
		['DOUBLE', '0.1::DOUBLE', 0.1],
		['FLOAT', '0.5::FLOAT', 0.5],
		['DATE', "DATE '2024-07-01'", Date.UTC(2024, 6, 1)],
		['DATE before 1970', "DATE '1969-12-31'", Date.UTC(1969, 11, 31)],
		['TIMESTAMP', "TIMESTAMP '2024-07-01 10:00:00'", Date.UTC(2024, 6, 1, 10)],
		['TIMESTAMP before 1970', "TIMESTAMP '1969-12-31 23:00:00'", Date.UTC(1969, 11, 31, 23)],
		[
			'TIMESTAMP with ms',
			"TIMESTAMP '2024-07-01 10:00:00.123'",
			Date.UTC(2024, 6, 1, 10, 0, 0, 123)
		],
		['date_trunc (returns DATE)', "date_trunc('month', DATE '2024-07-17')", Date.UTC(2024, 6, 1)],
		['VARCHAR', "'O''Brien'", "O'Brien"],
		['BOOLEAN', 'true', true],
		['NULL INTEGER', 'NULL::INTEGER', null],
		['NULL TIMESTAMP', 'NULL::TIMESTAMP', null],
		['NULL BIGINT', 'NULL::BIGINT', null]
	])('%s', async (_name, expr, want) => {
		const rows = await db.query(`SELECT ${expr.replace(/( FROM .*)?$/, ' AS v$1')}`);
		expect(rows).toEqual([{ v: want }]);
	});

	it('reads strings exactly: repeated labels, distinct short values, non-ASCII, long, empty, NULL', async () => {
		const rows = await db.query<{ i: number; s: string | null }>(
			`SELECT CAST(i AS INTEGER) AS i,
			   CASE i % 6
			     WHEN 0 THEN 'OK'
			     WHEN 1 THEN 'Shop closed'
			     WHEN 2 THEN 'Zürich ☕ ' || CAST(i AS VARCHAR)
			     WHEN 3 THEN repeat('long text ', 10) || CAST(i AS VARCHAR)
			     WHEN 4 THEN ''
			     ELSE NULL END AS s
			 FROM range(6000) t(i) ORDER BY i`
		);
		const want = (i: number) =>
			['OK', 'Shop closed', `Zürich ☕ ${i}`, `${'long text '.repeat(10)}${i}`, '', null][i % 6];
		expect(rows.every((r) => r.s === want(r.i))).toBe(true);
		const distinct = await db.query<{ s: string }>(
			`SELECT 'k' || CAST(i AS VARCHAR) AS s FROM range(20000) t(i) ORDER BY i`
		);
		expect(distinct.every((r, i) => r.s === `k${i}`)).toBe(true);
	});

	it('keeps nulls per row in a column that has some (and many record batches)', async () => {
		const rows = await db.query<{ i: number; v: number | null; ts: number | null }>(
			`SELECT CAST(i AS INTEGER) AS i, CASE WHEN i % 3 = 0 THEN NULL ELSE i * 10 END AS v,
			   CASE WHEN i % 5 = 0 THEN NULL ELSE TIMESTAMP '2024-01-01' + to_hours(i) END AS ts
			 FROM range(5000) t(i) ORDER BY i`
		);
		expect(rows).toHaveLength(5000);
		for (const r of [rows[0], rows[1], rows[3], rows[4999], rows[2049]]) {
			expect(r.v).toBe(r.i % 3 === 0 ? null : r.i * 10);
			expect(r.ts).toBe(r.i % 5 === 0 ? null : Date.UTC(2024, 0, 1, r.i));
		}
		expect(rows.every((r, k) => r.i === k)).toBe(true);
	});
});
