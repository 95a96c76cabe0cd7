/**
 * The original layout: `YYYY/MM/DD/<device>/{on_wrist,temperature,ppg_green}.csv`,
 * headerless integer columns at 1, 4 and 64 Hz, no clock. Date and device come from the
 * path; the arrays go to the kernel as read (time is the row index).
 */
import type { DeviceDay } from '../domain/wearables';
import { bomLength } from './bytes';
import { describeColumnError, parseIntColumn } from './numbers';
import { baseName, displayName, type LayoutPlace } from './paths';
import { formatSeconds } from './series';
import type { FileSummary, IngestedDeviceDay, OriginalSignal, TargetSignal } from './types';

export const ORIGINAL_HZ: Record<OriginalSignal, number> = {
	on_wrist: 1,
	temperature: 4,
	ppg_green: 64
};

export const ORIGINAL_TARGET: Record<OriginalSignal, TargetSignal> = {
	on_wrist: 'onWrist',
	temperature: 'temperature',
	ppg_green: 'ppg'
};

const SIGNALS: OriginalSignal[] = ['on_wrist', 'temperature', 'ppg_green'];

export interface OriginalFile {
	path: string;
	place: LayoutPlace;
	signal: OriginalSignal;
	values: Int32Array | null;
	summary: FileSummary;
}

/** Parses one original-layout file; `error` is the message naming it when it cannot be read. */
export function readOriginalFile(
	path: string,
	bytes: Uint8Array,
	signal: OriginalSignal,
	place: LayoutPlace | null,
	notes: string[]
): { values: Int32Array | null; summary: FileSummary; error: string | null } {
	const rate = ORIGINAL_HZ[signal];
	const { values, error } = parseIntColumn(bytes, bomLength(bytes));
	const summary: FileSummary = {
		path,
		kind: 'original',
		device: place?.device ?? null,
		day: place?.day ?? null,
		signal,
		target: ORIGINAL_TARGET[signal],
		rateHz: rate,
		samples: error ? 0 : values.length,
		durationS: error ? 0 : values.length / rate,
		startMs: null,
		gaps: 0,
		gapSeconds: 0,
		problems: [],
		notes: [...notes]
	};
	if (error) {
		let what = describeColumnError(error);
		if (error.line === 1 && error.problem === 'not-integer') {
			what += ' (original-layout files have no header line)';
		}
		summary.problems.push(what);
		return { values: null, summary, error: `${displayName(path)}: ${what}` };
	}
	if (values.length === 0) {
		summary.problems.push('holds no samples');
		return { values: null, summary, error: `${displayName(path)}: holds no samples` };
	}
	if (signal === 'on_wrist') {
		let other = 0;
		let first = -1;
		for (let i = 0; i < values.length; i++) {
			if (values[i] !== 0 && values[i] !== 1) {
				if (first < 0) first = i;
				other++;
			}
		}
		if (other) {
			summary.problems.push(
				`${other} values other than 0 and 1 (first on line ${first + 1}: ${values[first]}); the kernel multiplies by them`
			);
		}
	}
	return { values, summary, error: null };
}

/** One device-day per folder; missing or unreadable files leave their signal empty, with a note. */
export function assembleOriginal(folder: string, files: OriginalFile[]): IngestedDeviceDay {
	const { device, day } = files[0].place;
	const bySignal = new Map<OriginalSignal, OriginalFile>();
	for (const f of files) bySignal.set(f.signal, f);
	const notes: string[] = [];
	for (const s of SIGNALS) {
		const f = bySignal.get(s);
		if (!f)
			notes.push(
				`no ${s}.csv: ${ORIGINAL_TARGET[s] === 'ppg' ? 'PPG' : s.replace('_', '-')} is empty`
			);
		else if (!f.values) notes.push(`${baseName(f.path)} could not be read: ${s} is empty`);
	}
	const read = SIGNALS.map((s) => bySignal.get(s)).filter((f) => f?.values);
	if (read.length > 1) {
		const durations = read.map((f) => f!.values!.length / ORIGINAL_HZ[f!.signal]);
		const spread = Math.max(...durations) - Math.min(...durations);
		if (spread > 0) {
			notes.push(
				`durations differ by ${formatSeconds(spread)} (${read
					.map((f, i) => `${f!.signal} ${formatSeconds(durations[i])}`)
					.join(', ')}): normal for this layout, time is each file's row index`
			);
		}
	}
	const record: DeviceDay = {
		device,
		day,
		onWrist: bySignal.get('on_wrist')?.values ?? new Int32Array(0),
		temperature: bySignal.get('temperature')?.values ?? new Int32Array(0),
		ppg: bySignal.get('ppg_green')?.values ?? new Int32Array(0)
	};
	return {
		id: `original:${folder}`,
		source: 'original',
		record,
		files: files.map((f) => f.path),
		startMs: null,
		notes
	};
}
