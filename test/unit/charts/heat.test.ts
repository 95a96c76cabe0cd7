/**
 * The heatmap's colours, its cell lookups and read-outs, and the bitmap it is drawn from
 * (one pixel column per cell).
 */
import { describe, expect, it } from 'vitest';
import {
	ANOMALY_COLOR,
	CLOSED_COLOR,
	FAILED_COLOR,
	HEAT_STOPS,
	cellColor,
	cellKey,
	describeHeatCell,
	heatCellColor,
	heatCellMs,
	heatPalette,
	heatRaster,
	parseColor,
	pixelOf,
	type HeatRasterLayout
} from '../../../src/lib/charts/heat';
import type { HeatCell } from '../../../src/lib/charts/types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const cell = (over: Partial<HeatCell> = {}): HeatCell => ({
	sensor: 0,
	t: 0,
	count: 10,
	failed: 0,
	anomalies: 0,
	...over
});
const rgb = (css: string) => `rgb(${parseColor(css).join(', ')})`;

describe('heatPalette', () => {
	it('samples the stops from the first to the last', () => {
		const p = heatPalette();
		expect(p).toHaveLength(64);
		expect(p[0]).toBe(rgb(HEAT_STOPS[0]));
		expect(p[63]).toBe(rgb(HEAT_STOPS[3]));
		expect(new Set(p).size).toBeGreaterThan(50);
	});

	it.each([
		[2, ['#000000', '#ffffff'], ['rgb(0, 0, 0)', 'rgb(255, 255, 255)']],
		[3, ['#000000', '#ffffff'], ['rgb(0, 0, 0)', 'rgb(128, 128, 128)', 'rgb(255, 255, 255)']],
		[3, ['#ff0000', '#00ff00', '#0000ff'], ['rgb(255, 0, 0)', 'rgb(0, 255, 0)', 'rgb(0, 0, 255)']]
	])('%i steps of %j', (steps, stops, expected) => {
		expect(heatPalette(steps, stops)).toEqual(expected);
	});
});

describe('cellColor', () => {
	const palette = ['p0', 'p1', 'p2', 'p3', 'p4'];
	it.each([
		['a failed reading', -1, 100, FAILED_COLOR],
		['shop closed', -2, 100, CLOSED_COLOR],
		['any other negative code', -7, 100, CLOSED_COLOR],
		['zero', 0, 100, 'p0'],
		['the maximum', 100, 100, 'p4'],
		['above the maximum', 250, 100, 'p4'],
		['half the maximum', 50, 100, 'p2'],
		['rounded to the nearest step', 60, 100, 'p2'],
		['a maximum of 0', 5, 0, 'p0'],
		['a maximum of NaN', 5, NaN, 'p0']
	])('%s', (_, count, max, expected) => {
		expect(cellColor(count, max, palette)).toBe(expected);
	});
});

describe('heatCellColor', () => {
	const palette = ['p0', 'p1', 'p2'];
	it.each([
		['an OK hour', cell({ count: 10 }), 'p2'],
		['a failed hour', cell({ count: -1, failed: 1 }), FAILED_COLOR],
		['a closed hour', cell({ count: -2 }), CLOSED_COLOR],
		['a day with visits and a failed reading', cell({ count: 8, failed: 1 }), FAILED_COLOR],
		['a day closed throughout', cell({ count: -2 }), CLOSED_COLOR],
		['an anomaly keeps its count colour', cell({ count: 0, anomalies: 2 }), 'p0']
	])('%s', (_, c, expected) => {
		expect(heatCellColor(c, 10, palette)).toBe(expected);
	});
});

describe('heatCellMs and cellKey', () => {
	it('covers an hour or a day', () => {
		expect(heatCellMs('hourly')).toBe(HOUR);
		expect(heatCellMs('daily')).toBe(DAY);
	});

	it('gives every sensor and cell its own key, for hours and days', () => {
		for (const ms of [HOUR, DAY]) {
			const t0 = Date.UTC(2015, 0, 1);
			const keys = new Set<number>();
			for (let sensor = 0; sensor < 40; sensor++) {
				for (let i = 0; i < 100; i++) keys.add(cellKey(sensor, t0 + i * ms, ms));
			}
			expect(keys.size).toBe(4000);
		}
		expect(cellKey(3, Date.UTC(2024, 6, 1, 9))).toBe(cellKey(3, Date.UTC(2024, 6, 1, 9), HOUR));
		expect(cellKey(3, -DAY, DAY)).not.toBe(cellKey(3, 0, DAY)); // before 1970 too
	});
});

describe('describeHeatCell', () => {
	it.each<[string, HeatCell, 'hourly' | 'daily', string]>([
		['an hour', cell({ count: 812 }), 'hourly', '812 visits'],
		['an hour of thousands', cell({ count: 1234 }), 'hourly', '1,234 visits'],
		['an anomalous hour', cell({ count: 5, anomalies: 1 }), 'hourly', '5 visits (anomaly)'],
		['a failed hour', cell({ count: -1, failed: 1 }), 'hourly', 'failed reading'],
		[
			'a failed, anomalous hour',
			cell({ count: -1, failed: 1, anomalies: 1 }),
			'hourly',
			'failed reading (anomaly)'
		],
		['a closed hour', cell({ count: -2 }), 'hourly', 'shop closed'],
		['a day', cell({ count: 9000 }), 'daily', '9,000 visits'],
		['a day of one visit', cell({ count: 1 }), 'daily', '1 visit'],
		[
			'a day with one failed reading and anomalies',
			cell({ count: 800, failed: 1, anomalies: 3 }),
			'daily',
			'800 visits, 1 failed reading, 3 anomalies'
		],
		[
			'a day with failed readings and one anomaly',
			cell({ count: 0, failed: 24, anomalies: 1 }),
			'daily',
			'0 visits, 24 failed readings, 1 anomaly'
		],
		['a day closed throughout', cell({ count: -2 }), 'daily', 'shop closed all day']
	])('%s', (_, c, granularity, expected) => {
		expect(describeHeatCell(c, granularity)).toBe(expected);
	});
});

describe('parseColor', () => {
	it.each<[string, [number, number, number]]>([
		['#000000', [0, 0, 0]],
		['#ffffff', [255, 255, 255]],
		['#E3001B', [227, 0, 27]],
		['#abc', [170, 187, 204]],
		['rgb(1, 2, 3)', [1, 2, 3]],
		['rgb(255,128,0)', [255, 128, 0]],
		['rgba(10, 20, 30, 0.5)', [10, 20, 30]],
		[' #172a6e ', [23, 42, 110]]
	])('%s -> %j', (css, expected) => {
		expect(parseColor(css)).toEqual(expected);
	});

	it.each(['red', '#12345', 'rgb(1, 2)', 'hsl(0, 0%, 0%)', ''])('refuses %j', (css) => {
		expect(() => parseColor(css)).toThrow(RangeError);
	});
});

describe('pixelOf', () => {
	it.each([FAILED_COLOR, CLOSED_COLOR, ANOMALY_COLOR, '#010203'])(
		'%s as RGBA bytes in ImageData order',
		(css) => {
			const px = new Uint32Array([pixelOf(css)]);
			expect([...new Uint8ClampedArray(px.buffer)]).toEqual([...parseColor(css), 255]);
		}
	);
});

describe('heatRaster', () => {
	const palette = heatPalette();
	const t0 = Date.UTC(2024, 6, 1);
	const layout: HeatRasterLayout = {
		t0,
		cellMs: HOUR,
		columns: 4,
		sensors: 2,
		rowPx: 3,
		gapPx: 1
	};
	/** The RGBA bytes of pixel (x, y) of a raster `columns` wide, or null when transparent. */
	const pixel = (bytes: Uint8ClampedArray, columns: number, x: number, y: number) => {
		const i = (y * columns + x) * 4;
		const rgba = [...bytes.slice(i, i + 4)];
		return rgba[3] === 0 ? null : `rgb(${rgba.slice(0, 3).join(', ')})`;
	};
	const cells: HeatCell[] = [
		cell({ sensor: 0, t: t0, count: 0 }),
		cell({ sensor: 0, t: t0 + HOUR, count: 100 }),
		cell({ sensor: 0, t: t0 + 2 * HOUR, count: -1, failed: 1 }),
		cell({ sensor: 0, t: t0 + 3 * HOUR, count: -2 }),
		cell({ sensor: 1, t: t0, count: 50, anomalies: 1 }),
		// sensor 1, hour 1 missing
		cell({ sensor: 1, t: t0 + 2 * HOUR, count: 100, failed: 0 }),
		cell({ sensor: 1, t: t0 + 3 * HOUR, count: 25 }),
		// outside the layout: ignored
		cell({ sensor: 2, t: t0 }),
		cell({ sensor: 0, t: t0 - HOUR }),
		cell({ sensor: 0, t: t0 + 4 * HOUR })
	];

	it('is columns wide and sensors * rowPx high', () => {
		expect(heatRaster([], layout, 100, palette, 'fill')).toHaveLength(4 * 2 * 3 * 4);
	});

	it.each([
		// x, y: sensor 0 fills rows 0-1, row 2 is the gap; sensor 1 fills rows 3-4, row 5 the gap
		[0, 0, rgb(palette[0])],
		[0, 1, rgb(palette[0])],
		[0, 2, null],
		[1, 0, rgb(palette[63])],
		[2, 1, rgb(FAILED_COLOR)],
		[3, 0, rgb(CLOSED_COLOR)],
		[0, 3, rgb(ANOMALY_COLOR)],
		[0, 4, rgb(ANOMALY_COLOR)],
		[1, 3, null], // missing reading
		[2, 4, rgb(palette[63])],
		[3, 3, rgb(palette[16])],
		[3, 5, null]
	])('pixel (%i, %i) is %s', (x, y, expected) => {
		const bytes = heatRaster(cells, layout, 100, palette, 'fill');
		expect(pixel(bytes, 4, x, y)).toBe(expected);
	});

	it('leaves anomalies in their count colour when they are outlined instead', () => {
		const bytes = heatRaster(cells, layout, 100, palette, 'none');
		expect(pixel(bytes, 4, 0, 3)).toBe(rgb(palette[32]));
	});

	it('without marks, colours every cell as heatCellColor does (one pixel row per sensor, no gaps)', () => {
		const days = { t0, cellMs: DAY, columns: 30, sensors: 3, rowPx: 1, gapPx: 0 };
		const many: HeatCell[] = [];
		for (let s = 0; s < 3; s++) {
			for (let d = 0; d < 30; d++) {
				const count = [-2, -1, 0, 37, 500, 1000][(s * 7 + d) % 6];
				many.push(
					cell({
						sensor: s,
						t: t0 + d * DAY,
						count,
						failed: count === -1 ? 1 : d % 11 === 0 ? 2 : 0
					})
				);
			}
		}
		const bytes = heatRaster(many, days, 1000, palette, 'none');
		for (const c of many) {
			const x = Math.round((c.t - t0) / DAY);
			expect(pixel(bytes, 30, x, c.sensor)).toBe(rgb(heatCellColor(c, 1000, palette)));
		}
	});

	it('fills at least one pixel row when a row is all gap', () => {
		const thin = { ...layout, rowPx: 1, gapPx: 1 };
		const bytes = heatRaster([cell({ sensor: 1, t: t0, count: 100 })], thin, 100, palette, 'fill');
		expect(pixel(bytes, 4, 0, 1)).toBe(rgb(palette[63]));
	});

	describe('day cells with strips', () => {
		// rowPx 9, gap 1: 8 rows filled, strips of 2 rows at the top and the bottom
		const days: HeatRasterLayout = { t0, cellMs: DAY, columns: 5, sensors: 1, rowPx: 9, gapPx: 1 };
		const dayCells = [
			cell({ t: t0, count: 1000 }),
			cell({ t: t0 + DAY, count: 1000, failed: 1 }),
			cell({ t: t0 + 2 * DAY, count: 500, anomalies: 2 }),
			cell({ t: t0 + 3 * DAY, count: 0, failed: 24, anomalies: 1 }),
			cell({ t: t0 + 4 * DAY, count: -2 })
		];
		const column = (x: number) => {
			const bytes = heatRaster(dayCells, days, 1000, palette, 'strips');
			return Array.from({ length: 9 }, (_, y) => pixel(bytes, 5, x, y));
		};
		const rows = (top: string, middle: string, bottom: string) => [
			top,
			top,
			middle,
			middle,
			middle,
			middle,
			bottom,
			bottom,
			null
		];
		const full = rgb(palette[63]);

		it.each([
			['a plain day: its count colour', 0, rows(full, full, full)],
			['a failed reading: red along the top', 1, rows(rgb(FAILED_COLOR), full, full)],
			[
				'anomalies: orange along the bottom',
				2,
				rows(rgb(palette[32]), rgb(palette[32]), rgb(ANOMALY_COLOR))
			],
			['both', 3, rows(rgb(FAILED_COLOR), rgb(palette[0]), rgb(ANOMALY_COLOR))],
			['closed all day: grey', 4, rows(rgb(CLOSED_COLOR), rgb(CLOSED_COLOR), rgb(CLOSED_COLOR))]
		])('%s', (_, x, expected) => {
			expect(column(x)).toEqual(expected);
		});

		it('fills marked days as hour cells are filled on rows under 3 px', () => {
			const thin = { ...days, rowPx: 2, gapPx: 0 };
			const bytes = heatRaster(dayCells, thin, 1000, palette, 'strips');
			expect([0, 1, 2, 4].map((x) => pixel(bytes, 5, x, 1))).toEqual([
				full,
				rgb(FAILED_COLOR),
				rgb(ANOMALY_COLOR),
				rgb(CLOSED_COLOR)
			]);
		});
	});
});
