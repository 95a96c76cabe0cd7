/**
 * Labels for naive wall-clock times (epoch ms read with UTC functions) and numbers.
 * Pure: charts, tables and the page share them so every place says the same thing.
 */
import { WEEKDAY_NAMES, type Resolution } from '../domain/footfall';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of a wall-clock time (years 0-999 padded to four digits). */
export function isoDay(ms: number): string {
	const d = new Date(ms);
	const y = d.getUTCFullYear();
	const year = y >= 0 && y <= 999 ? String(y).padStart(4, '0') : String(y);
	return `${year}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** Three-letter weekday of a wall-clock time (Mon ... Sun). */
export function weekdayName(ms: number): string {
	return WEEKDAY_NAMES[(new Date(ms).getUTCDay() + 6) % 7];
}

/** A bucket's start as people read it at that resolution. */
export function formatBucket(ms: number, resolution: Resolution): string {
	const d = new Date(ms);
	switch (resolution) {
		case 'hourly':
			return `${weekdayName(ms)} ${isoDay(ms)} ${pad2(d.getUTCHours())}:00`;
		case 'daily':
			return `${weekdayName(ms)} ${isoDay(ms)}`;
		case 'weekly':
			return `Week of ${isoDay(ms)}`;
		case 'monthly':
			return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}`;
	}
}

const integer = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-GB', {
	minimumFractionDigits: 1,
	maximumFractionDigits: 1
});

/** 12,345 (rounded); an en dash when missing. */
export function formatCount(v: number | null | undefined): string {
	return v === null || v === undefined || !Number.isFinite(v) ? '–' : integer.format(v);
}

/** +12.3 % / −4.0 %; an en dash when missing. */
export function formatPercent(v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return '–';
	const sign = v > 0 ? '+' : v < 0 ? '−' : '';
	return `${sign}${oneDecimal.format(Math.abs(v))} %`;
}

/** A share 0-1 as a percentage: 0.0123 -> 1.2 %, 0 -> 0 %; an en dash when missing. */
export function formatShare(v: number | null | undefined): string {
	if (v === null || v === undefined || !Number.isFinite(v)) return '–';
	if (v === 0) return '0 %';
	return `${oneDecimal.format(v * 100)} %`;
}

/** Compact axis labels: 950, 12k, 1.2M. */
export function formatAxisCount(v: number): string {
	const a = Math.abs(v);
	if (a >= 1e6) return `${+(v / 1e6).toFixed(1)}M`;
	if (a >= 1e4) return `${+(v / 1e3).toFixed(0)}k`;
	if (a >= 1e3) return `${+(v / 1e3).toFixed(1)}k`;
	return String(v);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A time-axis tick: `08:00` inside a day, `Jul 14` for a day, `Jul 2024` for the 1st of
 * a month when ticks are months apart, `2024` for January 1st when they are years apart.
 * `stepMs` is the distance between ticks.
 */
export function formatTimeTick(tick: Date | number, stepMs: number): string {
	const d = new Date(+tick);
	const h = d.getUTCHours();
	if (h !== 0) return `${pad2(h)}:00`;
	const month = MONTHS[d.getUTCMonth()];
	if (stepMs >= 300 * 86_400_000 && d.getUTCMonth() === 0) return String(d.getUTCFullYear());
	if (stepMs >= 27 * 86_400_000) return `${month} ${d.getUTCFullYear()}`;
	return `${month} ${d.getUTCDate()}`;
}

/** Length of one bucket at a resolution, in ms (a month counted as 31 days). */
export function bucketMs(resolution: Resolution): number {
	const DAY = 86_400_000;
	return { hourly: 3_600_000, daily: DAY, weekly: 7 * DAY, monthly: 31 * DAY }[resolution];
}

/** What the baseline line is at a resolution, for legends. */
export function baselineLabel(resolution: Resolution): string {
	switch (resolution) {
		case 'hourly':
			return 'Baseline: same weekday and hour, last 4 weeks';
		case 'daily':
			return 'Baseline: same weekday, last 4 weeks';
		case 'weekly':
			return 'Baseline: this and the 3 previous weeks';
		case 'monthly':
			return 'Baseline: this and the 3 previous months';
	}
}
