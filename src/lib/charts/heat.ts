/**
 * Colours of the sensor heatmap. Counts map onto a sequential palette sampled once into
 * a fixed number of steps, so drawing tens of thousands of cells does no interpolation;
 * failed readings, "shop closed" hours and anomalies get colours of their own.
 */
import { scaleLinear } from 'd3-scale';
import { FAILED, SHOP_CLOSED } from '../domain/footfall';
import { formatCount } from './format';
import type { HeatCell, HeatGranularity } from './types';

/** Light yellow -> teal -> deep blue: readable on white, far from the red and orange marks. */
export const HEAT_STOPS = ['#f7fcd5', '#7fcdbb', '#2c7fb8', '#172a6e'] as const;
export const FAILED_COLOR = '#e3001b';
export const CLOSED_COLOR = '#bdbdbd';
export const ANOMALY_COLOR = '#ff8c00';

/** `steps` colours from the lowest to the highest count. */
export function heatPalette(steps = 64, stops: readonly string[] = HEAT_STOPS): string[] {
	const scale = scaleLinear<string>()
		.domain(stops.map((_, i) => i / (stops.length - 1)))
		.range([...stops]);
	return Array.from({ length: steps }, (_, i) => scale(i / (steps - 1)));
}

/** The fill of a cell: the failed or closed colour for those codes, else its palette step. */
export function cellColor(count: number, max: number, palette: readonly string[]): string {
	if (count === FAILED) return FAILED_COLOR;
	if (count === SHOP_CLOSED || count < 0) return CLOSED_COLOR;
	if (!(max > 0)) return palette[0];
	const i = Math.round((Math.min(count, max) / max) * (palette.length - 1));
	return palette[i];
}

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Width of one cell in time: an hour or a day, in ms. */
export function heatCellMs(granularity: HeatGranularity): number {
	return granularity === 'hourly' ? HOUR : DAY;
}

/** Key of a sensor's cell in lookups (a number: cheaper to hash than a string). */
export function cellKey(sensor: number, t: number, cellMs = HOUR): number {
	return Math.round(t / cellMs) * 65_536 + sensor;
}

/** The fill of a cell: red where a reading failed, grey where the shop was closed. */
export function heatCellColor(cell: HeatCell, max: number, palette: readonly string[]): string {
	return cell.failed > 0 ? FAILED_COLOR : cellColor(cell.count, max, palette);
}

/** What a cell recorded, in words: `812 visits`, `failed reading (anomaly)`, ... */
export function describeHeatCell(cell: HeatCell, granularity: HeatGranularity): string {
	const plural = (n: number, one: string, many: string) =>
		`${formatCount(n)} ${n === 1 ? one : many}`;
	if (granularity === 'hourly') {
		const what =
			cell.count === FAILED || cell.failed > 0
				? 'failed reading'
				: cell.count === SHOP_CLOSED || cell.count < 0
					? 'shop closed'
					: `${formatCount(cell.count)} visits`;
		return `${what}${cell.anomalies > 0 ? ' (anomaly)' : ''}`;
	}
	if (cell.count < 0) return 'shop closed all day';
	const parts = [plural(cell.count, 'visit', 'visits')];
	if (cell.failed > 0) parts.push(plural(cell.failed, 'failed reading', 'failed readings'));
	if (cell.anomalies > 0) parts.push(plural(cell.anomalies, 'anomaly', 'anomalies'));
	return parts.join(', ');
}

/** `[r, g, b]` of `#rgb`, `#rrggbb` or `rgb(r, g, b)` (what d3 interpolators return). */
export function parseColor(css: string): [number, number, number] {
	const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(css.trim());
	if (hex) {
		const h = hex[1].length === 3 ? [...hex[1]].map((c) => c + c).join('') : hex[1];
		return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
	}
	const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*(?:,[^)]*)?\)$/i.exec(css.trim());
	if (rgb)
		return [+rgb[1], +rgb[2], +rgb[3]].map((v) => Math.min(255, v)) as [number, number, number];
	throw new RangeError(`parseColor: not a colour: ${JSON.stringify(css)}`);
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** An opaque colour as one pixel of a `Uint32Array` over `ImageData` bytes (RGBA order). */
export function pixelOf(css: string): number {
	const [r, g, b] = parseColor(css);
	return LITTLE_ENDIAN
		? ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0
		: ((r << 24) | (g << 16) | (b << 8) | 255) >>> 0;
}

/** Where the cells of a heatmap go in its bitmap: one pixel column per cell. */
export interface HeatRasterLayout {
	/** Start of the first column (midnight of the first day). */
	t0: number;
	/** Time one column covers (`heatCellMs`). */
	cellMs: number;
	columns: number;
	sensors: number;
	/** Pixel rows per sensor, the last `gapPx` of them left blank between sensors. */
	rowPx: number;
	gapPx: number;
}

/**
 * How a bitmap shows failed readings and anomalies:
 * - `fill`: anomalies orange over the whole cell (hour cells too narrow to outline);
 * - `none`: no anomaly marks (the canvas outlines them on wide hour cells);
 * - `strips` (day cells): the cell keeps the colour of its day's visits, a strip along
 *   its top is red on days with a failed reading, one along its bottom orange on days
 *   with an anomaly, so a day with one failed hour or one odd hour still shows its
 *   total. Rows under 3 px are too thin for strips: there they are filled as in `fill`.
 */
export type HeatMarks = 'fill' | 'none' | 'strips';

/**
 * The heatmap as RGBA bytes, `columns` wide and `sensors * rowPx` high: each cell one
 * column of its sensor's rows, in the colour `heatCellColor` gives it (day cells with
 * `strips`: `cellColor` of their count), with failed readings and anomalies marked as
 * `marks` says. Pixels without a cell stay transparent. Drawn once per data and scaled
 * onto the canvas in one `drawImage`, instead of one `fillRect` per cell on every paint
 * (1.75M cells took 0.8-1.7 s a paint).
 */
export function heatRaster(
	cells: readonly HeatCell[],
	layout: HeatRasterLayout,
	max: number,
	palette: readonly string[],
	marks: HeatMarks
): Uint8ClampedArray<ArrayBuffer> {
	const { t0, cellMs, columns, sensors, rowPx, gapPx } = layout;
	const fillRows = Math.max(1, rowPx - gapPx);
	// Strips of a quarter of the row each; rows under 3 px are too thin to split.
	const strip = marks === 'strips' && fillRows >= 3 ? Math.max(1, Math.round(fillRows / 4)) : 0;
	const bytes = new Uint8ClampedArray(columns * sensors * rowPx * 4);
	const px = new Uint32Array(bytes.buffer);
	// One pixel value per colour string, so the rules stay `heatCellColor`'s.
	const pixels = new Map<string, number>();
	const pixel = (css: string) => {
		let v = pixels.get(css);
		if (v === undefined) pixels.set(css, (v = pixelOf(css)));
		return v;
	};
	const anomaly = pixel(ANOMALY_COLOR);
	const failed = pixel(FAILED_COLOR);
	for (const c of cells) {
		const col = Math.round((c.t - t0) / cellMs);
		if (col < 0 || col >= columns || !(c.sensor >= 0 && c.sensor < sensors)) continue;
		let i = c.sensor * rowPx * columns + col;
		if (strip > 0) {
			const base = pixel(cellColor(c.count, max, palette));
			const top = c.failed > 0 ? failed : base;
			const bottom = c.anomalies > 0 ? anomaly : base;
			for (let y = 0; y < fillRows; y++, i += columns) {
				px[i] = y < strip ? top : y >= fillRows - strip ? bottom : base;
			}
			continue;
		}
		const v = marks !== 'none' && c.anomalies > 0 ? anomaly : pixel(heatCellColor(c, max, palette));
		for (let y = 0; y < fillRows; y++, i += columns) px[i] = v;
	}
	return bytes;
}
