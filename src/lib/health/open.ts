/**
 * Opening hours inferred from the data: a weekday-hour slot (Monday 00:00 = 0 ...
 * Sunday 23:00 = 167) is open when most of the store's readings there count visits.
 * This works on the simulation (Monday to Saturday, 8:00 to 17:00), on a person's
 * counter files with other hours, and on a 24-hour counter (a bridge), without being
 * told which.
 */
import { type StoreMatrix } from '../domain/health';

export const WEEK_SLOTS = 168;

/**
 * Share of a slot's readings (failures, blanks and hours before the opening left
 * aside) that must count at least one visit for the slot to be open. A half: a quiet
 * slot of a 24-hour counter (3:00, often 0) may fall either way and is then not judged;
 * a shop's closed hour reads 0 every week; an open hour reads 0 only when a sensor is
 * stuck, which is far rarer than half the time.
 */
export const OPEN_SHARE = 0.5;

/** Slot (0-167, Monday 00:00 = 0) of an hour index (1970-01-01, hour 0, was a Thursday). */
export function weekSlot(hour: number): number {
	return (((hour + 72) % WEEK_SLOTS) + WEEK_SLOTS) % WEEK_SLOTS;
}

/** 168 entries, 1 where the store is judged open (see `OPEN_SHARE`). */
export function inferOpenHours(m: StoreMatrix): Uint8Array {
	const valid = new Float64Array(WEEK_SLOTS);
	const positive = new Float64Array(WEEK_SLOTS);
	const { counts, hours, sensors } = m;
	const first = weekSlot(m.startHour);
	for (let s = 0; s < sensors; s++) {
		const row = s * hours;
		let slot = first;
		for (let h = 0; h < hours; h++) {
			const c = counts[row + h];
			if (c >= 0) {
				valid[slot]++;
				if (c > 0) positive[slot]++;
			}
			if (++slot === WEEK_SLOTS) slot = 0;
		}
	}
	const open = new Uint8Array(WEEK_SLOTS);
	for (let i = 0; i < WEEK_SLOTS; i++) {
		open[i] = valid[i] > 0 && positive[i] >= OPEN_SHARE * valid[i] ? 1 : 0;
	}
	return open;
}
