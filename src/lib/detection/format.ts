/** Numbers in reasons: fixed decimals, no grouping, no locale (the same in every browser). */

export function num(x: number, digits = 0): string {
	if (!Number.isFinite(x)) return String(x);
	const s = x.toFixed(digits);
	return /^-0(\.0*)?$/.test(s) ? s.slice(1) : s;
}

/** Cents of a degree as degrees Celsius, two decimals: 47431 -> "474.31 °C". */
export function celsius(cents: number): string {
	return `${num(cents / 100, 2)} °C`;
}

/** A share as a percentage with one decimal: 0.0512 -> "5.1%". */
export function percent(share: number): string {
	return `${num(share * 100, 1)}%`;
}

/** Seconds in words: 90 -> "90 s", 300 -> "5 min", 5400 -> "1 h 30 min". */
export function duration(seconds: number): string {
	if (seconds < 120) return `${num(seconds, Number.isInteger(seconds) ? 0 : 2)} s`;
	const minutes = Math.round(seconds / 60);
	if (minutes < 60) return `${minutes} min`;
	const h = Math.floor(minutes / 60);
	const m = minutes % 60;
	return m ? `${h} h ${m} min` : `${h} h`;
}

/** "1 sample", "2 samples". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
	return `${num(n)} ${n === 1 ? noun : plural}`;
}
