/**
 * The health table's rows: the flagged sensor-days of one store in the days shown, with
 * the reason in words (`sensorDayReason` of `health/`). Pure; the table's component
 * computes them from the health results (it is loaded after the first chart, and so is
 * this module).
 */
import { SENSOR_DAY_FLAGS, type HealthParams, type StoreHealth } from '../domain/health';
import { sensorDayReason } from '../health/reasons';
import { dayIndex, dayText } from './view';

/** A flagged sensor-day, as the health table lists it. */
export interface FlaggedDay {
	sensor: number;
	/** `YYYY-MM-DD`. */
	day: string;
	/** What was found: `failures`, `siblings`, `anomalies` (the `SENSOR_DAY_FLAGS` set). */
	flags: (keyof typeof SENSOR_DAY_FLAGS)[];
	/** Why, with its numbers (`sensorDayReason` of `health/`). */
	reason: string;
}

/**
 * The flagged sensor-days of one store's health between `from` and `to` (inclusive,
 * `YYYY-MM-DD`), newest first, then by sensor; at most `limit` of them, and how many
 * there were in all.
 */
export function flaggedDays(
	health: StoreHealth,
	from: string,
	to: string,
	params: HealthParams,
	limit = 200
): { days: FlaggedDay[]; total: number } {
	const a = dayIndex(from);
	const b = dayIndex(to);
	const d = health.days;
	const hits: number[] = [];
	for (let i = 0; i < d.length; i++) {
		if (d.flags[i] !== 0 && d.day[i] >= a && d.day[i] <= b) hits.push(i);
	}
	hits.sort((i, j) => d.day[j] - d.day[i] || d.sensor[i] - d.sensor[j]);
	const names = Object.keys(SENSOR_DAY_FLAGS) as (keyof typeof SENSOR_DAY_FLAGS)[];
	const days = hits.slice(0, limit).map((i) => ({
		sensor: d.sensor[i],
		day: dayText(d.day[i]),
		flags: names.filter((n) => (d.flags[i] & SENSOR_DAY_FLAGS[n]) !== 0),
		reason: sensorDayReason(d, i, params)
	}));
	return { days, total: hits.length };
}
