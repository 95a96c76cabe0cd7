/** The order device-days are listed in. */
import type { IngestedDeviceDay } from './types';

const natural = new Intl.Collator('en', { numeric: true });

/** By day, then device in natural order (device_2 before device_10), then id. */
export function byDayDevice(a: IngestedDeviceDay, b: IngestedDeviceDay): number {
	return (
		natural.compare(a.record.day, b.record.day) ||
		natural.compare(a.record.device, b.record.device) ||
		natural.compare(a.id, b.id)
	);
}
