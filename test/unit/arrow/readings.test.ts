import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { readingsToIPC } from '../../../src/lib/arrow/readings';
import type { ReadingColumns } from '../../../src/lib/domain/footfall';
import { readingsTableSql } from '../../../src/lib/db/sql/schema';
import { createNodeDb, type NodeDbClient } from '../../support/duckdb-node';

function columns(rows: [number, number, number, number, number][]): ReadingColumns {
	return {
		length: rows.length,
		store: Uint8Array.from(rows.map((r) => r[0])),
		sensor: Uint16Array.from(rows.map((r) => r[1])),
		hour: Int32Array.from(rows.map((r) => r[2])),
		count: Int32Array.from(rows.map((r) => r[3])),
		truth: Uint8Array.from(rows.map((r) => r[4]))
	};
}

const ROWS: [number, number, number, number, number][] = [
	[0, 0, 474_528, 12, 0],
	[0, 0, 474_529, -1, 1],
	[0, 65_535, 474_530, -2, 0],
	[255, 7, -5, 2_147_483_647, 2],
	[3, 1, 2_147_483_647, -2_147_483_648, 3]
];

describe('readingsToIPC', () => {
	it('writes an Arrow IPC stream with the five typed columns, in order', () => {
		const t = tableFromIPC(readingsToIPC(columns(ROWS)));
		expect(t.schema.fields.map((f) => `${f.name}:${f.type}`)).toEqual([
			'store_idx:Uint8',
			'sensor:Uint16',
			'hour:Int32',
			'count:Int32',
			'truth:Uint8'
		]);
		expect(t.numRows).toBe(ROWS.length);
		expect(t.toArray().map((r) => Object.values(r.toJSON()))).toEqual(ROWS);
	});

	it('uses only the first `length` values of longer arrays', () => {
		const cols = columns(ROWS);
		const t = tableFromIPC(readingsToIPC({ ...cols, length: 2 }));
		expect(t.numRows).toBe(2);
		expect(Array.from(t.getChild('hour')!.toArray())).toEqual([474_528, 474_529]);
	});

	it('encodes zero readings as a valid empty stream', () => {
		const t = tableFromIPC(readingsToIPC(columns([])));
		expect(t.numRows).toBe(0);
		expect(t.schema.fields.map((f) => f.name)).toEqual([
			'store_idx',
			'sensor',
			'hour',
			'count',
			'truth'
		]);
	});

	it('rejects a column shorter than length and a bad length', () => {
		const cols = columns(ROWS);
		expect(() => readingsToIPC({ ...cols, count: cols.count.subarray(0, 3) })).toThrow(
			/column count has 3 < 5/
		);
		expect(() => readingsToIPC({ ...cols, length: -1 })).toThrow(RangeError);
		expect(() => readingsToIPC({ ...cols, length: 1.5 })).toThrow(RangeError);
	});
});

describe('readingsToIPC -> DuckDB insertArrowIPC', () => {
	let db: NodeDbClient;
	beforeAll(async () => {
		db = await createNodeDb();
	});
	afterAll(() => db?.close());

	it('creates the readings table from the first chunk, appends the next, and SELECT returns the same values', async () => {
		await db.insertArrowIPC('readings', readingsToIPC(columns(ROWS.slice(0, 2))), {
			create: true
		});
		await db.insertArrowIPC('readings', readingsToIPC(columns(ROWS.slice(2))), { create: false });
		const rows = await db.query('SELECT * FROM readings ORDER BY rowid');
		expect(rows.map((r) => [r.store_idx, r.sensor, r.hour, r.count, r.truth])).toEqual(ROWS);
	});

	it('gives the table the same column types as readingsTableSql()', async () => {
		const fromIpc = await db.query('DESCRIBE readings');
		await db.exec(readingsTableSql().replace('TABLE readings', 'TABLE readings_ddl'));
		const fromDdl = await db.query('DESCRIBE readings_ddl');
		const types = (rows: typeof fromIpc) => rows.map((r) => `${r.column_name} ${r.column_type}`);
		expect(types(fromIpc)).toEqual([
			'store_idx UTINYINT',
			'sensor USMALLINT',
			'hour INTEGER',
			'count INTEGER',
			'truth UTINYINT'
		]);
		expect(types(fromDdl)).toEqual(types(fromIpc));
	});

	it('appends a large chunk (100k readings) intact', async () => {
		const n = 100_000;
		const cols: ReadingColumns = {
			length: n,
			store: new Uint8Array(n).fill(9),
			sensor: Uint16Array.from({ length: n }, (_, i) => i % 40),
			hour: Int32Array.from({ length: n }, (_, i) => 400_000 + i),
			count: Int32Array.from({ length: n }, (_, i) => (i % 13) - 2),
			truth: Uint8Array.from({ length: n }, (_, i) => i % 4)
		};
		await db.insertArrowIPC('readings', readingsToIPC(cols), { create: false });
		const [agg] = await db.query(
			`SELECT CAST(count(*) AS INTEGER) AS n, CAST(sum(hour) AS DOUBLE) AS hours,
			   CAST(sum(count) AS DOUBLE) AS counts, CAST(sum(truth) AS DOUBLE) AS truths,
			   CAST(sum(sensor) AS DOUBLE) AS sensors
			 FROM readings WHERE store_idx = 9`
		);
		const sum = (a: ArrayLike<number>) => Array.from(a).reduce((x, y) => x + y, 0);
		expect(agg).toEqual({
			n,
			hours: sum(cols.hour),
			counts: sum(cols.count),
			truths: sum(cols.truth),
			sensors: sum(cols.sensor)
		});
	});
});
