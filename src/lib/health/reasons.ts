/**
 * Health results in words, with their numbers: why a sensor-hour, a sensor-day or a
 * store day was flagged. Numbers are rounded to whole visits and grouped with commas,
 * with no locale, so every browser says the same; dates are naive wall-clock days.
 */
import { WEEKDAY_NAMES } from '../domain/footfall';
import {
	HOUR_FLAG_KINDS,
	SENSOR_DAY_FLAGS,
	type HealthParams,
	type HourFlags,
	type SensorDays,
	type StoreDays,
	type StoreMatrix
} from '../domain/health';
import { percent } from '../detection/format';
import { formatDay, isoWeekday } from '../simulation/calendar';

/** A whole number with comma groups: 1234567.4 -> "1,234,567"; NaN -> "unknown". */
export function grouped(x: number): string {
	if (!Number.isFinite(x)) return 'unknown';
	const r = Math.round(x);
	const s = String(Math.abs(r)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
	return r < 0 ? `-${s}` : s;
}

/** "Tue 2024-07-09" of a day index (days since 1970-01-01). */
export function dayLabel(day: number): string {
	return `${WEEKDAY_NAMES[isoWeekday(day) - 1]} ${formatDay(day)}`;
}

/** "14:00 on Tue 2024-07-09" of an hour index. */
export function hourLabel(hour: number): string {
	const h = ((hour % 24) + 24) % 24;
	return `${String(h).padStart(2, '0')}:00 on ${dayLabel(Math.floor(hour / 24))}`;
}

function band(low: number, high: number): string {
	return Number.isFinite(low) ? `band ${grouped(low)}-${grouped(high)}` : 'no band yet';
}

/** The average count of the sensor's usable siblings at `hour`, from the matrix. */
function siblings(m: StoreMatrix, sensor: number, hour: number): { n: number; mean: number } {
	const t = hour - m.startHour;
	let n = 0;
	let sum = 0;
	if (t >= 0 && t < m.hours) {
		for (let s = 0; s < m.sensors; s++) {
			const c = m.counts[s * m.hours + t];
			if (s !== sensor && c >= 0) {
				n++;
				sum += c;
			}
		}
	}
	return { n, mean: n ? sum / n : Number.NaN };
}

/**
 * Why hour flag `i` was raised, e.g. "sensor 3 read 0 at 14:00 on Tue 2024-07-09 while
 * its 5 siblings read 6,812 on average (expected 6,790, band 5,120-8,460)". With the
 * store's matrix the siblings' average at that hour is included.
 */
export function hourFlagReason(flags: HourFlags, i: number, matrix?: StoreMatrix): string {
	const sensor = flags.sensor[i];
	const hour = flags.hour[i];
	const kind = HOUR_FLAG_KINDS[flags.kind[i]];
	const count = flags.count[i];
	const expected = flags.expected[i];
	const at = hourLabel(hour);
	const sib = matrix ? siblings(matrix, sensor, hour) : { n: 0, mean: Number.NaN };
	const whileSib = sib.n
		? ` while its ${sib.n === 1 ? 'sibling' : `${sib.n} siblings`} read ${grouped(sib.mean)}${sib.n === 1 ? '' : ' on average'}`
		: '';
	const detail = `expected ${grouped(expected)}, ${band(flags.low[i], flags.high[i])}`;
	switch (kind) {
		case 'failed':
			return `sensor ${sensor} reported a failed measurement (-1) at ${at}${whileSib}; ${grouped(expected)} imputed`;
		case 'missing':
			return `sensor ${sensor} has no reading at ${at}${whileSib}; ${grouped(expected)} imputed`;
		case 'zero':
			return `sensor ${sensor} read 0 at ${at}${whileSib} (${detail}); ${grouped(expected)} imputed`;
		case 'low':
			return `sensor ${sensor} read ${grouped(count)} at ${at}${whileSib}: below its band (${detail})`;
		case 'high':
			return `sensor ${sensor} read ${grouped(count)} at ${at}${whileSib}: above its band (${detail})`;
	}
	return `sensor ${sensor} at ${at}: unknown flag ${flags.kind[i]}`;
}

/**
 * Why sensor-day `i` was flagged (or that it was not), e.g. "sensor 3 on Tue 2024-07-09:
 * 4 of 10 opening hours failed (40.0%, limit 25.0%): 3 reported -1, 1 read 0".
 */
export function sensorDayReason(days: SensorDays, i: number, params: HealthParams): string {
	const head = `sensor ${days.sensor[i]} on ${dayLabel(days.day[i])}`;
	const flags = days.flags[i];
	const open = days.openHours[i];
	const parts: string[] = [];
	if (flags & SENSOR_DAY_FLAGS.failures) {
		const down = days.failed[i] + days.zero[i] + days.missing[i];
		const what: string[] = [];
		if (days.failed[i]) what.push(`${days.failed[i]} reported -1`);
		if (days.zero[i]) what.push(`${days.zero[i]} read 0`);
		if (days.missing[i]) what.push(`${days.missing[i]} had no reading`);
		parts.push(
			`${down} of ${open} opening hours failed (${percent(down / open)}, limit ${percent(params.failedShare)}): ${what.join(', ')}`
		);
	}
	if (flags & SENSOR_DAY_FLAGS.siblings) {
		const r = days.siblingRatio[i];
		parts.push(
			`counted ${percent(r)} of what its siblings predict (more than ${percent(params.siblingTolerance)} off)`
		);
	}
	if (flags & SENSOR_DAY_FLAGS.anomalies) {
		const a = days.anomalies[i];
		parts.push(
			`${a} opening ${a === 1 ? 'hour was' : 'hours were'} outside ${a === 1 ? 'its' : 'their'} band`
		);
	}
	const totals = `total ${grouped(days.count[i])}, expected ${grouped(days.expected[i])}`;
	if (!parts.length) return `${head}: no problem found (${open} opening hours, ${totals})`;
	return `${head}: ${parts.join('; ')} (${totals})`;
}

/**
 * Why store day `i` is abnormal (or that it is not), e.g. "Paris on Sat 2024-07-13
 * counted 61,230, below its band 98,400-121,700 (expected 110,050 from the same
 * weekday of the last 4 weeks)". `imputed` (the day's total with failures imputed, the
 * figure that was judged) is mentioned when it differs from the raw count.
 */
export function storeDayReason(
	days: StoreDays,
	i: number,
	store: string,
	params: HealthParams,
	imputed?: number
): string {
	const head = `${store} on ${dayLabel(days.day[i])}`;
	const expected = days.expected[i];
	const judged = imputed ?? days.count[i];
	const total =
		imputed !== undefined && Math.round(imputed) !== Math.round(days.count[i])
			? `counted ${grouped(days.count[i])} (${grouped(imputed)} with failed hours imputed)`
			: `counted ${grouped(days.count[i])}`;
	if (!Number.isFinite(expected)) return `${head} ${total}; no history of that weekday yet`;
	if (expected === 0 && days.high[i] === 0) {
		return judged > 0 ? `${head} ${total} on a day the store is usually closed` : `${head}: closed`;
	}
	const from = `expected ${grouped(expected)} from the same weekday of the last ${params.weeks} weeks`;
	if (!Number.isFinite(days.low[i])) return `${head} ${total} (${from}, no band yet)`;
	const where = days.abnormal[i]
		? judged < days.low[i]
			? 'below its band'
			: 'above its band'
		: 'within its band';
	return `${head} ${total}, ${where} ${grouped(days.low[i])}-${grouped(days.high[i])} (${from})`;
}
