/** Shared helpers of the health tests: small synthetic stores with a known truth. */
import { SHOP_CLOSED } from '../../../src/lib/domain/footfall';
import type { StoreMatrix } from '../../../src/lib/domain/health';
import { parseDay } from '../../../src/lib/simulation/calendar';

/** mulberry32: a small seeded generator. */
export function rng(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** Standard normal deviates from `u` (Box-Muller). */
export function gauss(u: () => number): () => number {
	return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

export interface SyntheticStore {
	sensors?: number;
	/** First day, YYYY-MM-DD (default 2024-01-01, a Monday). */
	start?: string;
	days?: number;
	/** Mean visits of an open hour per sensor, times `scale[sensor]`. */
	avg?: number;
	/** Relative noise (std / mean). */
	noise?: number;
	/** Per-sensor factor (default 1). */
	scale?: number[];
	/** Is the store open at `hour` (0-23) on ISO weekday `weekday` (Mon 1 .. Sun 7)? */
	open?: (weekday: number, hour: number) => boolean;
	/** Mean of a closed hour (default 0). */
	closedAvg?: number;
	seed?: number;
	/** Days before which every reading is SHOP_CLOSED. */
	closedDays?: number;
}

/** The simulator's opening hours: Monday to Saturday, 8:00 to 17:00. */
export const shopHours = (weekday: number, hour: number) => weekday <= 6 && hour >= 8 && hour < 18;

/** A clean synthetic store: every reading a rounded normal draw, no failure, no anomaly. */
export function syntheticStore(o: SyntheticStore = {}): StoreMatrix {
	const sensors = o.sensors ?? 4;
	const days = o.days ?? 70;
	const startDay = parseDay(o.start ?? '2024-01-01');
	const avg = o.avg ?? 1000;
	const noise = o.noise ?? 0.15;
	const open = o.open ?? shopHours;
	const g = gauss(rng(o.seed ?? 1));
	const hours = days * 24;
	const counts = new Int32Array(sensors * hours);
	for (let s = 0; s < sensors; s++) {
		const scale = o.scale?.[s] ?? 1;
		for (let h = 0; h < hours; h++) {
			const day = startDay + Math.floor(h / 24);
			const weekday = ((((day + 3) % 7) + 7) % 7) + 1;
			let c = 0;
			if (open(weekday, h % 24)) c = Math.max(0, Math.round(avg * scale * (1 + noise * g())));
			else if (o.closedAvg) c = Math.max(0, Math.round(o.closedAvg * scale * (1 + noise * g())));
			if (o.closedDays && h < o.closedDays * 24) c = SHOP_CLOSED;
			counts[s * hours + h] = c;
		}
	}
	return { storeIdx: 0, store: 'Test', sensors, startHour: startDay * 24, hours, counts };
}

/** Hour index of `hour` o'clock on YYYY-MM-DD. */
export function hourOf(day: string, hour: number): number {
	return parseDay(day) * 24 + hour;
}

/** Sets sensor `s`'s reading at hour index `hour`. */
export function setReading(m: StoreMatrix, s: number, hour: number, value: number): void {
	m.counts[s * m.hours + (hour - m.startHour)] = value;
}

/** The flags of `h` at (sensor, hour) as kind names. */
export function flagAt(
	h: import('../../../src/lib/domain/health').StoreHealth,
	sensor: number,
	hour: number
): string | null {
	for (let i = 0; i < h.hours.length; i++) {
		if (h.hours.sensor[i] === sensor && h.hours.hour[i] === hour) {
			return ['failed', 'zero', 'missing', 'low', 'high'][h.hours.kind[i]];
		}
	}
	return null;
}
