import { describe, expect, it } from 'vitest';
import {
	carryView,
	clampDay,
	clampHour,
	defaultView,
	describeView,
	isIsoDay,
	normalizeView,
	normalizeWeekdays,
	sameView,
	sensorCount,
	sensorFor,
	toggleWeekday,
	updateView,
	type DataExtent,
	type FootfallView
} from '../../../src/lib/state/view';
import { defaultSimulation } from '../../../src/lib/domain/footfall';
import { extentOf } from '../../../src/lib/state/view';

const extent: DataExtent = {
	stores: [
		{ name: 'Madrid', sensors: 1 },
		{ name: 'Paris', sensors: 20 },
		{ name: 'Berlin', sensors: 6 }
	],
	start: '2024-07-01',
	end: '2024-08-07'
};

const view: FootfallView = {
	store: 'Paris',
	sensor: 12,
	resolution: 'hourly',
	weekdays: [1, 2, 3, 4, 5, 6],
	from: '2024-07-08',
	to: '2024-07-21',
	hourFrom: 8,
	hourTo: 17
};

describe('defaultView', () => {
	it('opens on the first store total, daily, Monday to Saturday, every day and hour', () => {
		expect(defaultView(extent)).toEqual({
			store: 'Madrid',
			sensor: null,
			resolution: 'daily',
			weekdays: [1, 2, 3, 4, 5, 6],
			from: '2024-07-01',
			to: '2024-08-07',
			hourFrom: 0,
			hourTo: 23
		});
	});

	it('covers the demo simulation', () => {
		const v = defaultView(extentOf(defaultSimulation()));
		expect([v.store, v.from, v.to]).toEqual(['Madrid', '2024-07-01', '2024-08-07']);
	});
});

describe('isIsoDay', () => {
	it.each([
		['2024-02-29', true],
		['2023-02-29', false],
		['2024-13-01', false],
		['2024-7-1', false],
		['2024-07-01T00:00', false],
		['', false],
		[20240701, false],
		[null, false]
	])('%j -> %j', (text, expected) => {
		expect(isIsoDay(text)).toBe(expected);
	});
});

describe('clampDay', () => {
	it.each([
		['2024-07-15', '2024-07-15'],
		['2024-06-30', '2024-07-01'],
		['2024-08-08', '2024-08-07'],
		['2024-07-01', '2024-07-01'],
		['2024-08-07', '2024-08-07'],
		['not a day', 'fallback'],
		[undefined, 'fallback']
	])('%j -> %j', (day, expected) => {
		expect(clampDay(day, '2024-07-01', '2024-08-07', 'fallback')).toBe(expected);
	});
});

describe('clampHour', () => {
	it.each([
		[0, 0],
		[23, 23],
		[24, 23],
		[-1, 0],
		[8.9, 8],
		[Number.NaN, 5],
		['8', 5],
		[undefined, 5]
	])('%j -> %j', (hour, expected) => {
		expect(clampHour(hour, 5)).toBe(expected);
	});
});

describe('normalizeWeekdays', () => {
	it('keeps valid ISO weekdays, sorted, without duplicates', () => {
		expect(normalizeWeekdays([7, 1, 1, 3, 0, 8, 2.5, '4'])).toEqual([1, 3, 7]);
	});

	it('keeps an empty selection empty', () => {
		expect(normalizeWeekdays([])).toEqual([]);
	});
});

describe('sensorFor', () => {
	it.each([
		[null, 20, null],
		[0, 20, 0],
		[19, 20, 19],
		[20, 20, null],
		[-1, 20, null],
		[1.5, 20, null],
		[3, 1, null]
	])('sensor %j of a %j-sensor store -> %j', (sensor, sensors, expected) => {
		expect(sensorFor(sensor, sensors)).toBe(expected);
	});
});

describe('normalizeView', () => {
	it('leaves a valid view as it is', () => {
		expect(normalizeView(view, extent)).toEqual(view);
	});

	it('is idempotent', () => {
		const messy = { ...view, store: 'Nowhere', from: '2030-01-01', to: '2000-01-01', hourTo: 99 };
		const once = normalizeView(messy, extent);
		expect(normalizeView(once, extent)).toEqual(once);
	});

	it('falls back to the first store for an unknown one', () => {
		expect(normalizeView({ ...view, store: 'Nowhere' }, extent).store).toBe('Madrid');
	});

	it('turns a sensor the store lacks into the store total', () => {
		expect(normalizeView({ ...view, store: 'Berlin', sensor: 12 }, extent).sensor).toBeNull();
		expect(normalizeView({ ...view, store: 'Berlin', sensor: 5 }, extent).sensor).toBe(5);
	});

	it('clamps days into the data range', () => {
		const v = normalizeView({ ...view, from: '2020-01-01', to: '2030-01-01' }, extent);
		expect([v.from, v.to]).toEqual(['2024-07-01', '2024-08-07']);
	});

	it('puts reversed days in order', () => {
		const v = normalizeView({ ...view, from: '2024-07-20', to: '2024-07-10' }, extent);
		expect([v.from, v.to]).toEqual(['2024-07-10', '2024-07-20']);
	});

	it('replaces invalid days by the data range', () => {
		const v = normalizeView({ ...view, from: '2024-02-30', to: '' }, extent);
		expect([v.from, v.to]).toEqual(['2024-07-01', '2024-08-07']);
	});

	it('clamps hours to 0-23 and keeps a range that wraps midnight', () => {
		expect(normalizeView({ ...view, hourFrom: -3, hourTo: 30 }, extent)).toMatchObject({
			hourFrom: 0,
			hourTo: 23
		});
		expect(normalizeView({ ...view, hourFrom: 22, hourTo: 5 }, extent)).toMatchObject({
			hourFrom: 22,
			hourTo: 5
		});
	});

	it('fills what is missing from the default view', () => {
		expect(normalizeView({}, extent)).toEqual(defaultView(extent));
	});

	it('replaces an unknown resolution by daily', () => {
		expect(normalizeView({ ...view, resolution: 'yearly' as never }, extent).resolution).toBe(
			'daily'
		);
	});
});

describe('updateView', () => {
	it('keeps the sensor when the new store has it', () => {
		expect(updateView({ ...view, sensor: 3 }, { store: 'Berlin' }, extent)).toMatchObject({
			store: 'Berlin',
			sensor: 3
		});
	});

	it('falls back to the store total when the new store has fewer sensors', () => {
		expect(updateView(view, { store: 'Madrid' }, extent)).toMatchObject({
			store: 'Madrid',
			sensor: null
		});
	});

	it('does not change the view it was given', () => {
		const before = structuredClone(view);
		updateView(view, { store: 'Madrid', from: '1999-01-01' }, extent);
		expect(view).toEqual(before);
	});
});

describe('carryView', () => {
	const longer: DataExtent = { ...extent, start: '2024-06-01', end: '2024-12-31' };

	it('stretches a range that covered all the old data to all the new data', () => {
		const all = { ...view, from: extent.start, to: extent.end };
		expect(carryView(all, extent, longer)).toMatchObject({ from: '2024-06-01', to: '2024-12-31' });
	});

	it('keeps a range inside the old data', () => {
		expect(carryView(view, extent, longer)).toMatchObject({ from: view.from, to: view.to });
	});

	it('clamps to shorter new data', () => {
		const shorter: DataExtent = { ...extent, start: '2024-07-10', end: '2024-07-15' };
		expect(carryView(view, extent, shorter)).toMatchObject({
			from: '2024-07-10',
			to: '2024-07-15'
		});
	});

	it('follows a store that disappeared to the first store', () => {
		const fewer: DataExtent = { ...extent, stores: [{ name: 'Roma', sensors: 4 }] };
		expect(carryView(view, extent, fewer)).toMatchObject({ store: 'Roma', sensor: null });
	});

	it('only normalizes without a previous extent', () => {
		expect(carryView(view, null, longer)).toEqual(normalizeView(view, longer));
	});
});

describe('toggleWeekday', () => {
	it('adds a day in order and removes it again', () => {
		const on = toggleWeekday([1, 2, 3, 4, 5, 6], 7, true);
		expect(on).toEqual([1, 2, 3, 4, 5, 6, 7]);
		expect(toggleWeekday(on, 3, false)).toEqual([1, 2, 4, 5, 6, 7]);
	});

	it('does not duplicate a day switched on twice', () => {
		expect(toggleWeekday([1, 2], 2, true)).toEqual([1, 2]);
	});
});

describe('sameView', () => {
	it('compares field by field, weekdays included', () => {
		expect(sameView(view, structuredClone(view))).toBe(true);
		expect(sameView(view, { ...view, weekdays: [1, 2, 3, 4, 5] })).toBe(false);
		expect(sameView(view, { ...view, sensor: null })).toBe(false);
		expect(sameView(view, { ...view, hourTo: 18 })).toBe(false);
	});
});

describe('sensorCount', () => {
	it('counts the sensors of a known store and 0 for an unknown one', () => {
		expect(sensorCount(extent, 'Paris')).toBe(20);
		expect(sensorCount(extent, 'Nowhere')).toBe(0);
	});
});

describe('describeView', () => {
	it('says which store, sensor, resolution and days', () => {
		expect(describeView(view)).toBe(
			'Paris, sensor 12, hourly visits from 2024-07-08 to 2024-07-21, hours 8-17'
		);
		expect(describeView({ ...view, sensor: null, resolution: 'daily' })).toBe(
			'Paris, store total, daily visits from 2024-07-08 to 2024-07-21'
		);
	});
});
