/**
 * The printable wearable fault report, as plain data: the faulty device-days of the rows
 * shown (the table's filter applies) with their flags and reasons in words, the mode, the
 * days covered and every detection parameter (the changed ones marked), stamped with the
 * time it was made in UTC. The page renders it (`PrintReport.svelte`) for `window.print()`;
 * Node tests check the content. Pure: no Svelte, no DOM.
 */
import type { DetectionMode, DetectionParams } from '../domain/wearables';
import type { WearableResultRow } from '../db/sql/wearables';
import {
	PARAM_FIELDS,
	PARAM_GROUP_LABEL,
	changedFields,
	formatParamInput,
	getParam
} from './wearables-params';
import { MODE_LABEL, dayRange } from './wearables-rows';

export interface PrintParam {
	group: string;
	label: string;
	/** As typed in the panel ('' for "no limit"), with its unit. */
	value: string;
	changed: boolean;
}

export interface PrintRow {
	device: string;
	day: string;
	source: string;
	flags: string;
	reason: string;
	/** Temperature average and maximum in °C, volatility index, PPG min/avg/max. */
	metrics: string;
}

export interface PrintReportModel {
	title: string;
	mode: DetectionMode;
	/** E.g. "2021-02-02 to 2021-02-04", or "no device-days". */
	days: string;
	/** "2 faulty device-days of 20 shown, device filter 'device_0'". */
	summary: string;
	/** The time the report was made, `YYYY-MM-DD HH:mm UTC`. */
	created: string;
	rows: PrintRow[];
	params: PrintParam[];
}

const celsius = (cents: number | null) => (cents === null ? '–' : `${(cents / 100).toFixed(2)} °C`);
const num = (v: number | null, digits = 0) => (v === null ? '–' : v.toFixed(digits));

/** `2024-01-01T10:20:30.000Z` -> `2024-01-01 10:20 UTC`. */
export function utcStamp(iso: string): string {
	return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

/** The report of the faulty rows among `rows` (the rows the table shows). */
export function printReport(o: {
	rows: readonly WearableResultRow[];
	mode: DetectionMode;
	params: DetectionParams;
	filterText: string;
	/** ISO time in UTC (`Date.prototype.toISOString`). */
	created: string;
}): PrintReportModel {
	const faulty = o.rows.filter((r) => r.status === 'flagged');
	const range = dayRange(o.rows);
	const changed = new Set(changedFields(o.params));
	const filter = o.filterText.trim();
	return {
		title: 'Wearable fault report',
		mode: o.mode,
		days: range
			? range.from === range.to
				? range.from
				: `${range.from} to ${range.to}`
			: 'no device-days',
		summary:
			`${faulty.length} faulty ${faulty.length === 1 ? 'device-day' : 'device-days'} of ` +
			`${o.rows.length} shown, ${MODE_LABEL[o.mode]} mode` +
			(filter ? `, device filter '${filter}'` : ''),
		created: utcStamp(o.created),
		rows: faulty.map((r) => ({
			device: r.device,
			day: r.day,
			source: r.source,
			flags: r.flags,
			reason: r.reason,
			metrics:
				`temperature avg ${celsius(r.temp_avg_cents)}, max ${celsius(r.temp_max_cents)}, ` +
				`volatility ${num(r.temp_volatility_index, 1)}; ` +
				`PPG min ${num(r.ppg_min)}, avg ${num(r.ppg_avg)}, max ${num(r.ppg_max)}`
		})),
		params: PARAM_FIELDS.map((f) => {
			const v = getParam(o.params, f);
			const text = typeof v === 'boolean' ? (v ? 'yes' : 'no') : formatParamInput(v);
			return {
				group: PARAM_GROUP_LABEL[f.group],
				label: f.label,
				value: text === '' ? 'none' : `${text}${f.unit ? ` ${f.unit}` : ''}`,
				changed: changed.has(f)
			};
		})
	};
}
