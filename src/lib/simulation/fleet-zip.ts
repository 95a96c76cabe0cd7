/**
 * The demo fleet as a zip, so a person can download it and see the original file
 * layout. Pure: bytes in memory, no I/O; the same fleet gives the same bytes (entry
 * times are fixed, see below). Kept apart from `fleet.ts` so the generator does not pull
 * in fflate.
 */
import { zipSync, type Zippable } from 'fflate';
import type { DeviceDay } from '../domain/wearables';
import { fleetFileName } from './fleet';

export interface FleetZipOptions {
	/**
	 * Deflate level 0 (store) to 9. Default 1: on the demo fleet level 6 is only about 2%
	 * smaller and twice as slow.
	 */
	level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Modification time of the files of `day` (`YYYY-MM-DD`): noon of that day. Zip stores
 * wall-clock fields and fflate reads them with the local-time getters, so the Date is
 * built from local fields: the archive is the same in every time zone.
 */
function entryTime(day: string): Date {
	const [y, m, d] = day.split('-').map(Number);
	return new Date(y, m - 1, d, 12, 0, 0);
}

/** Largest number of bytes an int32 takes in decimal, with its sign and newline. */
const MAX_LINE = 12;

/**
 * One column as the bytes of a headerless CSV (one integer per line, each line ended by
 * `\n`): the same bytes as `columnCsv` encoded as UTF-8, without building a string.
 */
export function columnCsvBytes(values: ArrayLike<number>): Uint8Array {
	const out = new Uint8Array(values.length * MAX_LINE);
	const digits = new Uint8Array(10);
	let at = 0;
	for (let i = 0; i < values.length; i++) {
		let v = values[i];
		if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
			throw new RangeError(`not an int32: ${v} at row ${i}`);
		}
		if (v < 0) {
			out[at++] = 45; // '-'
			v = -v;
		}
		let n = 0;
		do {
			const q = Math.floor(v / 10);
			digits[n++] = 48 + v - q * 10;
			v = q;
		} while (v > 0);
		while (n > 0) out[at++] = digits[--n];
		out[at++] = 10; // '\n'
	}
	return out.slice(0, at);
}

/**
 * A zip of the fleet's files: the same paths as `fleetFiles` (`YYYY/MM/DD/device_XXX/
 * *.csv`, no top folder, sorted) and the same text as UTF-8 bytes (plain ASCII).
 */
export function fleetZip(fleet: readonly DeviceDay[], options: FleetZipOptions = {}): Uint8Array {
	const level = options.level ?? 1;
	const files: [string, Uint8Array, Date][] = [];
	for (const rec of fleet) {
		const mtime = entryTime(rec.day);
		files.push([fleetFileName(rec, 'on_wrist'), columnCsvBytes(rec.onWrist), mtime]);
		files.push([fleetFileName(rec, 'ppg_green'), columnCsvBytes(rec.ppg), mtime]);
		files.push([fleetFileName(rec, 'temperature'), columnCsvBytes(rec.temperature), mtime]);
	}
	files.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
	const entries: Zippable = {};
	for (const [path, bytes, mtime] of files) entries[path] = [bytes, { mtime }];
	return zipSync(entries, { level });
}
