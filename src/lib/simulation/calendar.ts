/**
 * Naive wall-clock calendar arithmetic for the simulator. A "day" is a whole number of
 * days since 1970-01-01 and an "hour index" a whole number of hours since 1970-01-01
 * 00:00, both computed with `Date.UTC` only: no time zone, no daylight saving time.
 */
import type { IsoWeekday } from '../domain/footfall';

const MS_PER_DAY = 86_400_000;
/** Python `date(1970, 1, 1).toordinal()`. */
const ORDINAL_OF_EPOCH = 719_163;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_RE = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** Days since 1970-01-01 of a valid calendar date (years 1000-9999), else NaN. */
function civilDay(y: number, m: number, d: number): number {
	if (y < 1000 || m < 1 || m > 12 || d < 1) return NaN;
	const ms = Date.UTC(y, m - 1, d);
	const back = new Date(ms);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
		return NaN;
	}
	return ms / MS_PER_DAY;
}

/** `YYYY-MM-DD` to days since 1970-01-01; NaN if the text is not a real date. */
export function tryParseDay(text: string): number {
	const m = typeof text === 'string' ? DAY_RE.exec(text) : null;
	if (!m) return NaN;
	return civilDay(+m[1], +m[2], +m[3]);
}

/** `YYYY-MM-DD` to days since 1970-01-01. Throws on anything else. */
export function parseDay(text: string): number {
	const day = tryParseDay(text);
	if (Number.isNaN(day)) throw new Error(`not a date (YYYY-MM-DD): ${JSON.stringify(text)}`);
	return day;
}

/**
 * `YYYY-MM-DDTHH:mm` (a space instead of `T` and trailing `:ss` are accepted) to the
 * hour index of the hour it falls in (minutes and seconds dropped); NaN if invalid.
 */
export function tryParseHour(text: string): number {
	const m = typeof text === 'string' ? DATE_TIME_RE.exec(text) : null;
	if (!m) return NaN;
	const day = civilDay(+m[1], +m[2], +m[3]);
	const hh = +m[4];
	const mm = +m[5];
	const ss = m[6] === undefined ? 0 : +m[6];
	if (Number.isNaN(day) || hh > 23 || mm > 59 || ss > 59) return NaN;
	return day * 24 + hh;
}

/** Like `tryParseHour`, but throws on invalid text. */
export function parseHour(text: string): number {
	const hour = tryParseHour(text);
	if (Number.isNaN(hour)) {
		throw new Error(`not a date-time (YYYY-MM-DDTHH:mm): ${JSON.stringify(text)}`);
	}
	return hour;
}

/** Days since 1970-01-01 to `YYYY-MM-DD`. */
export function formatDay(day: number): string {
	return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Hour index to `YYYY-MM-DDTHH:00`. */
export function formatHour(hour: number): string {
	return new Date(hour * 3_600_000).toISOString().slice(0, 13) + ':00';
}

/** Hour index of `hour` o'clock on `day` (days since 1970-01-01). */
export function hourIndex(day: number, hour: number): number {
	return day * 24 + hour;
}

/** Day (days since 1970-01-01) of an hour index. */
export function dayOfHour(hour: number): number {
	return Math.floor(hour / 24);
}

/** Hour of the day (0-23) of an hour index. */
export function hourOfDay(hour: number): number {
	return ((hour % 24) + 24) % 24;
}

/**
 * Python `date.toordinal()` (0001-01-01 is day 1) of a day given as days since
 * 1970-01-01 or as `YYYY-MM-DD`.
 */
export function dayOrdinal(day: number | string): number {
	return (typeof day === 'string' ? parseDay(day) : day) + ORDINAL_OF_EPOCH;
}

/** ISO weekday (Monday 1 ... Sunday 7) of a day given as days since 1970-01-01. */
export function isoWeekday(day: number): IsoWeekday {
	// 1970-01-01 was a Thursday (4).
	return (((((day + 3) % 7) + 7) % 7) + 1) as IsoWeekday;
}

/** Python `date.weekday()` (Monday 0 ... Sunday 6) of a day since 1970-01-01. */
export function pythonWeekday(day: number): number {
	return isoWeekday(day) - 1;
}
