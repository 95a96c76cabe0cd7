import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDate, sqlLiteral, toDisplaySql } from '../../../src/lib/db/sql/literal';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

const EVIL = "x'; DROP TABLE readings; --";

describe('sqlLiteral', () => {
	it.each([
		[null, 'NULL'],
		[true, 'TRUE'],
		[false, 'FALSE'],
		[0, '0'],
		[-3, '-3'],
		[2.5, '2.5'],
		[1e-7, '1e-7'],
		['', "''"],
		['plain', "'plain'"],
		["O'Brien", "'O''Brien'"],
		[EVIL, "'x''; DROP TABLE readings; --'"],
		['back\\slash', "'back\\slash'"],
		['line\nbreak', "'line\nbreak'"],
		['Zürich ☕', "'Zürich ☕'"]
	])('%j -> %s', (v, want) => {
		expect(sqlLiteral(v)).toBe(want);
	});

	it('refuses values DuckDB would misread', () => {
		expect(() => sqlLiteral(NaN)).toThrow(RangeError);
		expect(() => sqlLiteral(Infinity)).toThrow(RangeError);
		expect(() => sqlLiteral('a\0b')).toThrow(RangeError);
		expect(() => sqlLiteral({} as unknown as string)).toThrow(TypeError);
	});
});

describe('checkDate', () => {
	it('accepts real days and returns them unchanged', () => {
		expect(checkDate('2024-02-29')).toBe('2024-02-29');
	});
	it.each(['2023-02-29', '2024-13-01', '2024-7-1', "2024-07-01'; --", '', '2024-07-01T00:00'])(
		'rejects %j',
		(s) => {
			expect(() => checkDate(s)).toThrow(RangeError);
		}
	);
});

describe('toDisplaySql', () => {
	it('inlines parameters in order', () => {
		expect(toDisplaySql({ sql: 'SELECT ?, ?, ?', params: ['a', 1, null] })).toBe(
			"SELECT 'a', 1, NULL"
		);
	});

	it('leaves ? inside strings, quoted identifiers and comments alone', () => {
		const sql = `SELECT '?' AS "what?", ? -- why?\n, /* ? */ ?`;
		expect(toDisplaySql({ sql, params: [1, "it's"] })).toBe(
			`SELECT '?' AS "what?", 1 -- why?\n, /* ? */ 'it''s'`
		);
	});

	it('throws when placeholders and parameters do not match', () => {
		expect(() => toDisplaySql({ sql: 'SELECT ?', params: [] })).toThrow(RangeError);
		expect(() => toDisplaySql({ sql: 'SELECT ?', params: [1, 2] })).toThrow(RangeError);
		expect(() => toDisplaySql({ sql: "SELECT 'open", params: [] })).toThrow(SyntaxError);
	});

	describe('in DuckDB', () => {
		let db: NodeDbClient;
		beforeAll(async () => {
			db = await createNodeDb();
			await db.exec('CREATE TABLE readings AS SELECT 1 AS x');
		});
		afterAll(() => db?.close());

		it('gives the same rows as the bound query, and a hostile string stays a string', async () => {
			const q = {
				sql: "SELECT ? AS s, ? AS n, ? AS b, ? AS z, '?' AS q -- ?\n",
				params: [EVIL, 2.5, true, null]
			};
			const bound = await db.query(q);
			const shown = await db.query(toDisplaySql(q));
			expect(shown).toEqual(bound);
			expect(shown).toEqual([{ s: EVIL, n: 2.5, b: true, z: null, q: '?' }]);
			expect(await db.query('SELECT x FROM readings')).toEqual([{ x: 1 }]);
		});
	});
});
