/**
 * Wall-clock times of counter files. A counter counts people per hour of the store's own
 * clock, so every time is kept as naive wall-clock milliseconds (calendar arithmetic with
 * UTC functions, as in `domain/footfall.ts`) plus, when the text carries one, its UTC
 * offset: the offset is what tells a repeated autumn hour from a duplicate and a skipped
 * spring hour from a missing one. ISO text is read by the wearables' `parseIsoString`
 * (which drops the offset); this module only splits the offset off first.
 */
import { parseIsoString } from '../timestamps';
import type { CounterTimeFormat } from './types';

export const MS_HOUR = 3_600_000;
export const MS_DAY = 86_400_000;

/** A time of a counter file: naive wall-clock ms, and the UTC offset in minutes or null. */
export interface WallTime {
	wall: number;
	offset: number | null;
}

const OFFSET = /\s*(?:([Zz])|([+-])(\d{2}):?(\d{2})?)$/;

/**
 * ISO 8601 text as wall-clock time and offset. `2024-10-27T02:00:00+01:00` is wall
 * 02:00 with offset +60; `...Z` has offset 0; a time without a zone has none. A bare date
 * is its midnight. NaN wall when it is not ISO.
 */
export function parseIsoWall(text: string): WallTime {
	const s = text.trim();
	// an offset can only follow a time (`YYYY-MM-DDThh:mm` is 16 characters)
	const m = s.length > 16 ? OFFSET.exec(s.slice(16)) : null;
	if (!m) return { wall: parseIsoString(s), offset: null };
	const body = s.slice(0, 16 + m.index);
	const wall = parseIsoString(body);
	if (m[1]) return { wall, offset: 0 };
	const mins = Number(m[3]) * 60 + Number(m[4] ?? 0);
	return { wall, offset: m[2] === '-' ? -mins : mins };
}

const SLASH =
	/^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?\s*([AaPp])\.?[Mm]?\.?)?$/;
const SLASH_24 =
	/^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?$/;

/** `[a, b, c, hour, minute, second, am/pm]` of a slashed date, or null. */
function slashParts(text: string): (number | string | null)[] | null {
	const s = text.trim();
	const m = SLASH.exec(s) ?? SLASH_24.exec(s);
	if (!m) return null;
	return [
		Number(m[1]),
		Number(m[2]),
		Number(m[3]),
		m[4] === undefined ? null : Number(m[4]),
		m[5] === undefined ? null : Number(m[5]),
		m[6] === undefined ? 0 : Number(m[6]),
		m[7] ? m[7].toLowerCase() : null
	];
}

function wallOf(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 24 || mi > 59 || s > 60) return NaN;
	const t = Date.UTC(y, mo - 1, d, h, mi, s);
	if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return NaN;
	return t;
}

/**
 * `MM/DD/YYYY hh:mm[:ss] [AM|PM]` (`mdy`) or `DD/MM/YYYY ...` (`dmy`), `/`, `.` or `-`
 * separated; `YYYY/MM/DD ...` is read as such whatever the order. Wall-clock ms or NaN.
 */
export function parseSlashWall(text: string, order: 'mdy' | 'dmy'): number {
	const p = slashParts(text);
	if (!p) return NaN;
	const [a, b, c, hh, mm, ss, ampm] = p as [
		number,
		number,
		number,
		number | null,
		number | null,
		number,
		string | null
	];
	let y: number, mo: number, d: number;
	if (a >= 1000) [y, mo, d] = [a, b, c];
	else if (c >= 1000) [y, mo, d] = order === 'mdy' ? [c, a, b] : [c, b, a];
	else return NaN;
	let h = hh ?? 0;
	if (ampm) {
		if (h < 1 || h > 12) return NaN;
		if (ampm === 'a' && h === 12) h = 0;
		else if (ampm === 'p' && h !== 12) h += 12;
	}
	return wallOf(y, mo, d, h, mm ?? 0, ss);
}

/**
 * The day-month order of slashed dates: `dmy` when a first part is over 12, `mdy` when a
 * second part is; null when the values do not tell (every part is 12 or less) or no value
 * is a slashed date with the year last.
 */
export function slashOrderOf(values: Iterable<string>): 'mdy' | 'dmy' | null {
	let firstBig = false;
	let secondBig = false;
	for (const v of values) {
		const p = slashParts(v);
		if (!p || (p[2] as number) < 1000) continue;
		if ((p[0] as number) > 12) firstBig = true;
		if ((p[1] as number) > 12) secondBig = true;
	}
	if (firstBig && !secondBig) return 'dmy';
	if (secondBig && !firstBig) return 'mdy';
	return null;
}

/** True when the text is a slashed (or dotted) date, with or without a time. */
export function isSlashDate(text: string): boolean {
	return slashParts(text) !== null;
}

/** True when the text carries an AM/PM marker. */
export function hasAmPm(text: string): boolean {
	const p = slashParts(text);
	return p !== null && p[6] !== null;
}

/** A time text in `format` as wall-clock time (epoch formats are numbers, not text). */
export function parseWallText(text: string, format: CounterTimeFormat): WallTime {
	if (format === 'mdy' || format === 'dmy')
		return { wall: parseSlashWall(text, format), offset: null };
	if (format === 'iso') return parseIsoWall(text);
	const n = Number(text.trim());
	return { wall: text.trim() === '' ? NaN : n * (format === 's' ? 1000 : 1), offset: null };
}

/** An hour-of-day cell: a number 0-24, or `hh[:mm[:ss]]` text. NaN when it is neither. */
export function parseHourText(text: string): number {
	const s = text.trim();
	const m = /^(\d{1,2})(?::(\d{2})(?::\d{2})?)?\s*(?:h)?$/i.exec(s);
	if (!m) return NaN;
	const h = Number(m[1]);
	return h <= 24 ? h : NaN;
}

/** `YYYY-MM-DD` of a wall-clock ms. */
export function dayText(wall: number): string {
	return new Date(wall).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD hh:mm` of a wall-clock ms (for messages). */
export function timeText(wall: number): string {
	return new Date(wall).toISOString().slice(0, 16).replace('T', ' ');
}

/** Day index (days since 1970-01-01) of the `n`-th Sunday of a month (`n` = -1: the last). */
export function sundayOf(year: number, month: number, n: number): number {
	if (n < 0) {
		const last = Date.UTC(year, month, 0) / MS_DAY; // the month's last day
		const dow = (new Date(last * MS_DAY).getUTCDay() + 7) % 7; // 0 = Sunday
		return last - dow;
	}
	const first = Date.UTC(year, month - 1, 1) / MS_DAY;
	const dow = new Date(first * MS_DAY).getUTCDay();
	return first + ((7 - dow) % 7) + 7 * (n - 1);
}

/**
 * Wall-clock hour indexes (hours since 1970-01-01) at which the clocks of Europe or North
 * America change in `year`: `back` hours may occur twice (the autumn change), `forward`
 * hours do not exist (the spring change). Europe changes at 01:00 UTC on the last Sundays
 * of March and October (02:00 local in central Europe, 01:00 in the UK); the US and Canada
 * at 02:00 local on the second Sunday of March and the first of November (since 2007;
 * before, the first Sunday of April and the last of October).
 */
export function dstChangeHours(year: number): { forward: number[]; back: number[] } {
	const euSpring = sundayOf(year, 3, -1) * 24;
	const euAutumn = sundayOf(year, 10, -1) * 24;
	const usSpring = (year >= 2007 ? sundayOf(year, 3, 2) : sundayOf(year, 4, 1)) * 24;
	const usAutumn = (year >= 2007 ? sundayOf(year, 11, 1) : sundayOf(year, 10, -1)) * 24;
	return {
		forward: [euSpring + 1, euSpring + 2, usSpring + 2],
		back: [euAutumn + 1, euAutumn + 2, usAutumn + 1]
	};
}
