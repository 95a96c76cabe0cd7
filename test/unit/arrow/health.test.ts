import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { hourFlagsToIPC, sensorDaysToIPC, storeDaysToIPC } from '../../../src/lib/arrow/health';
import type { HourFlags, SensorDays, StoreDays } from '../../../src/lib/domain/health';
import { HEALTH_COLUMNS } from '../../../src/lib/db/sql/health';

const flags = (): HourFlags => ({
	length: 3,
	sensor: Uint16Array.of(0, 0, 65_535),
	hour: Int32Array.of(474_528, 474_529, -5),
	kind: Uint8Array.of(0, 2, 4),
	count: Int32Array.of(-1, -3, 2_147_483_647),
	expected: Float64Array.of(12.5, 10, 0),
	low: Float64Array.of(1, NaN, -2),
	high: Float64Array.of(20, NaN, 3)
});

const sensorDays = (): SensorDays => ({
	length: 2,
	sensor: Uint16Array.of(1, 2),
	day: Int32Array.of(19_800, 19_801),
	openHours: Uint8Array.of(10, 0),
	failed: Uint8Array.of(1, 0),
	zero: Uint8Array.of(2, 0),
	missing: Uint8Array.of(3, 0),
	anomalies: Uint8Array.of(4, 0),
	count: Float64Array.of(900, 0),
	expected: Float64Array.of(1000, 0),
	siblingRatio: Float64Array.of(0.9, NaN),
	flags: Uint8Array.of(3, 0)
});

const storeDays = (): StoreDays => ({
	length: 1,
	day: Int32Array.of(19_800),
	count: Float64Array.of(5000),
	expected: Float64Array.of(NaN),
	low: Float64Array.of(NaN),
	high: Float64Array.of(NaN),
	abnormal: Uint8Array.of(0)
});

const fields = (ipc: Uint8Array) =>
	tableFromIPC(ipc).schema.fields.map((f) => `${f.name}:${String(f.type)}`);
const rows = (ipc: Uint8Array) =>
	tableFromIPC(ipc)
		.toArray()
		.map((r) => r.toJSON());

describe('health -> Arrow IPC', () => {
	it('hourFlagsToIPC: store_idx first, then the columns of health_hours, typed', () => {
		const ipc = hourFlagsToIPC(7, flags());
		expect(fields(ipc)).toEqual([
			'store_idx:Uint8',
			'sensor:Uint16',
			'hour:Int32',
			'kind:Uint8',
			'count:Int32',
			'expected:Float64',
			'low:Float64',
			'high:Float64'
		]);
		expect(fields(ipc).map((f) => f.split(':')[0])).toEqual(
			HEALTH_COLUMNS.health_hours.map((c) => c[0])
		);
		expect(rows(ipc)).toEqual([
			{
				store_idx: 7,
				sensor: 0,
				hour: 474_528,
				kind: 0,
				count: -1,
				expected: 12.5,
				low: 1,
				high: 20
			},
			{
				store_idx: 7,
				sensor: 0,
				hour: 474_529,
				kind: 2,
				count: -3,
				expected: 10,
				low: null,
				high: null
			},
			{
				store_idx: 7,
				sensor: 65_535,
				hour: -5,
				kind: 4,
				count: 2_147_483_647,
				expected: 0,
				low: -2,
				high: 3
			}
		]);
	});

	it('sensorDaysToIPC: snake_case names from the camelCase fields, NaN ratio as null', () => {
		const ipc = sensorDaysToIPC(0, sensorDays());
		expect(fields(ipc).map((f) => f.split(':')[0])).toEqual(
			HEALTH_COLUMNS.health_days.map((c) => c[0])
		);
		const [a, b] = rows(ipc);
		expect(a).toMatchObject({ open_hours: 10, sibling_ratio: 0.9, flags: 3, missing: 3 });
		expect(b).toMatchObject({ store_idx: 0, sensor: 2, day: 19_801, sibling_ratio: null });
	});

	it('storeDaysToIPC: empty and NaN columns', () => {
		const ipc = storeDaysToIPC(255, storeDays());
		expect(rows(ipc)).toEqual([
			{
				store_idx: 255,
				day: 19_800,
				count: 5000,
				expected: null,
				low: null,
				high: null,
				abnormal: 0
			}
		]);
		const empty = storeDaysToIPC(1, { ...storeDays(), length: 0 });
		expect(tableFromIPC(empty).numRows).toBe(0);
	});

	it('cuts arrays longer than length, and refuses short columns and bad store indexes', () => {
		const f = { ...flags(), length: 2 };
		expect(rows(hourFlagsToIPC(1, f))).toHaveLength(2);
		expect(() => hourFlagsToIPC(1, { ...flags(), length: 4 })).toThrow(
			'health_hours of store 1: column sensor has 3 < 4 values'
		);
		const noRatio = { ...sensorDays(), siblingRatio: undefined } as unknown as SensorDays;
		expect(() => sensorDaysToIPC(1, noRatio)).toThrow(/column siblingRatio has 0 < 2/);
		for (const bad of [-1, 256, 1.5, NaN]) {
			expect(() => storeDaysToIPC(bad, storeDays())).toThrow(
				/store index must be an integer 0-255/
			);
		}
		expect(() => storeDaysToIPC(0, { ...storeDays(), length: -1 })).toThrow(/bad length -1/);
	});
});
