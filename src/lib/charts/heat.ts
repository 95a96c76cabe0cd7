/**
 * Colours of the sensor heatmap. Counts map onto a sequential palette sampled once into
 * a fixed number of steps, so drawing tens of thousands of cells does no interpolation;
 * failed readings, "shop closed" hours and anomalies get colours of their own.
 */
import { scaleLinear } from 'd3-scale';
import { FAILED, SHOP_CLOSED } from '../domain/footfall';

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

/** Key of a sensor-hour in lookups. */
export function cellKey(sensor: number, t: number): string {
	return `${sensor}:${t}`;
}
