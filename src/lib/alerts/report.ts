/**
 * Alerts as text for people: a plain-text summary (copy, or the body of an e-mail draft),
 * a `mailto:` link holding it, and CSV / JSON reports with file names that say what
 * they hold. Pure: no DOM; the page copies the text, opens the link, makes the Blob.
 * No server is involved: the e-mail is a draft in the user's own mail program.
 *
 * Times are naive local wall-clock times (no time zone), and every output says so.
 */
import { toCsv, fileToken, type CsvColumn } from '../export/csv';
import { SEVERITIES, type Alert, type AlertSeverity, type AlertView } from './alerts';

/** How times in every report are to be read. */
export const TIME_BASIS = 'naive local wall-clock time (no time zone)';

export interface AlertsMeta {
	/** What the data is, e.g. "simulation seed demo" or "counters.csv". */
	source?: string;
	/** First and last day of the data, `YYYY-MM-DD`. */
	from?: string;
	to?: string;
	/** When the report was made, as the page wants to show it (naive local). */
	generated?: string;
	/** The page's link to an alert's view (absolute URL); no links when absent. */
	link?: (view: AlertView) => string;
}

const SEVERITY_WORDS: Record<AlertSeverity, [string, string]> = {
	critical: ['critical', 'critical'],
	warning: ['warning', 'warnings'],
	info: ['note', 'notes']
};

/** "2 critical, 5 warnings, 1 note" (kinds without alerts left out). */
export function severityCounts(alerts: readonly Alert[]): string {
	const parts: string[] = [];
	for (const s of SEVERITIES) {
		const n = alerts.filter((a) => a.severity === s).length;
		if (n) parts.push(`${n} ${SEVERITY_WORDS[s][n === 1 ? 0 : 1]}`);
	}
	return parts.join(', ') || 'none';
}

/** `2024-07-01T09:00` -> `2024-07-01 09:00`. */
const spaced = (t: string) => t.replace('T', ' ');

/** When an alert happened: one time, or "from .. to ..". */
export function alertWhen(a: Alert): string {
	return a.fromText === a.toText
		? spaced(a.fromText)
		: `${spaced(a.fromText)} to ${spaced(a.toText)}`;
}

/** One alert as one line of text. */
export function alertLine(a: Alert, meta: AlertsMeta = {}): string {
	const link = meta.link ? ` ${meta.link(a.view)}` : '';
	return `- [${a.severity}] ${a.title} (${alertWhen(a)}). ${a.detail}${link}`;
}

/**
 * A plain-text summary, for copying and as an e-mail body: a heading with the counts, the
 * data and the time basis, then one line per alert (current ones first, each group newest
 * first as given), so that cutting lines off the end drops the oldest.
 */
export function alertsSummary(alerts: readonly Alert[], meta: AlertsMeta = {}): string {
	const current = alerts.filter((a) => a.current);
	const earlier = alerts.filter((a) => !a.current);
	const lines = [
		`Footfall alerts: ${current.length} current, ${alerts.length} in all (${severityCounts(alerts)}).`
	];
	const data = [
		meta.source ? `Data: ${meta.source}` : 'Data',
		meta.from && meta.to ? ` from ${meta.from} to ${meta.to}` : '',
		`; times are ${TIME_BASIS}.`
	].join('');
	lines.push(data);
	if (meta.generated) lines.push(`Made ${meta.generated}.`);
	if (alerts.length === 0) {
		lines.push('', 'No issues found.');
		return lines.join('\n') + '\n';
	}
	if (current.length) lines.push('', 'Current:', ...current.map((a) => alertLine(a, meta)));
	if (earlier.length) lines.push('', 'Earlier:', ...earlier.map((a) => alertLine(a, meta)));
	return lines.join('\n') + '\n';
}

/** What a mail program accepts in one link, with margin (some stop near 2,000 characters). */
export const MAILTO_MAX_LENGTH = 1900;

const ADDRESS = /^[^\s@,;:<>()[\]"\\]+@[^\s@,;:<>()[\]"\\]+$/;

/** RFC 6068 encoding of a header value or body: everything but unreserved characters escaped. */
function encode(text: string): string {
	return encodeURIComponent(text).replace(
		/[!'()*]/g,
		(c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
	);
}

/**
 * A `mailto:` link to a draft with this subject and body (line ends sent as CRLF, as
 * RFC 6068 asks). `to`: addresses separated by commas, or none (the user picks in the mail
 * program); a malformed address throws, naming it. When the link would be longer than
 * `maxLength`, lines are cut from the end of the body and replaced by `... N more` (N
 * lines left out).
 */
export function mailtoHref(
	to: string | readonly string[],
	subject: string,
	body: string,
	maxLength = MAILTO_MAX_LENGTH
): string {
	const list = (typeof to === 'string' ? to.split(',') : [...to])
		.map((a) => a.trim())
		.filter((a) => a.length > 0);
	for (const a of list) {
		if (!ADDRESS.test(a))
			throw new RangeError(`mailto: not an e-mail address: ${JSON.stringify(a)}`);
	}
	const head = `mailto:${list.map(encode).join(',')}?subject=${encode(subject)}`;
	const lines = body.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
	const href = (kept: string[]) => `${head}&body=${encode(kept.join('\r\n'))}`;
	const full = href(lines);
	if (full.length <= maxLength) return full;
	// Drop lines from the end until the rest and the "... N more" line fit. Encoded lengths
	// add up (a line break is %0D%0A, 6 characters), so each cut is priced without encoding.
	const lengths = lines.map((l) => encode(l).length);
	const base = `${head}&body=`.length;
	let size = base + lengths.reduce((a, b) => a + b, 0) + 6 * (lines.length - 1);
	for (let keep = lines.length - 1; keep >= 0; keep--) {
		size -= lengths[keep] + (keep > 0 ? 6 : 0);
		let k = keep;
		while (k > 0 && lines[k - 1].trim() === '') k--;
		const dropped = lines.slice(k).filter((l) => l.trim() !== '').length;
		const more = `... ${dropped} more`;
		let trimmed = size;
		for (let j = k; j < keep; j++) trimmed -= lengths[j] + 6;
		if (k === 0) trimmed = base;
		if (trimmed + (k > 0 ? 6 : 0) + encode(more).length <= maxLength) {
			return href([...lines.slice(0, k), more]);
		}
	}
	throw new RangeError(
		`mailto: the subject alone makes the link longer than ${maxLength} characters`
	);
}

/** The columns of the CSV report. Times as naive local text, their basis in the header. */
function csvColumns(meta: AlertsMeta): CsvColumn<Alert>[] {
	const cols: CsvColumn<Alert>[] = [
		{ header: 'id', value: (a) => a.id },
		{ header: 'severity', value: (a) => a.severity },
		{ header: 'kind', value: (a) => a.kind },
		{ header: 'current', value: (a) => (a.current ? 'yes' : 'no') },
		{ header: 'store', value: (a) => a.store },
		{ header: 'sensor', value: (a) => a.sensor ?? 'all' },
		{ header: 'time_unit', value: (a) => a.unit },
		{ header: 'from_local', value: (a) => a.fromText },
		{ header: 'to_local', value: (a) => a.toText },
		{ header: 'title', value: (a) => a.title },
		{ header: 'detail', value: (a) => a.detail }
	];
	const link = meta.link;
	if (link) cols.push({ header: 'link', value: (a) => link(a.view) });
	return cols;
}

/**
 * The alerts as CSV (RFC 4180, CRLF), one row per alert. `from_local` / `to_local` are
 * naive local times: `YYYY-MM-DDTHH:00` where `time_unit` is hour, `YYYY-MM-DD` where day.
 */
export function alertsCsv(alerts: readonly Alert[], meta: AlertsMeta = {}): string {
	return toCsv(csvColumns(meta), alerts);
}

/** The alerts as a JSON document: the data, the time basis, counts, and every alert with its view (and link). */
export function alertsJson(alerts: readonly Alert[], meta: AlertsMeta = {}): string {
	const doc = {
		report: 'footfall alerts',
		timeBasis: TIME_BASIS,
		source: meta.source ?? null,
		data: { from: meta.from ?? null, to: meta.to ?? null },
		generated: meta.generated ?? null,
		counts: {
			all: alerts.length,
			current: alerts.filter((a) => a.current).length,
			...Object.fromEntries(
				SEVERITIES.map((s) => [s, alerts.filter((a) => a.severity === s).length])
			)
		},
		alerts: alerts.map((a) => (meta.link ? { ...a, link: meta.link(a.view) } : a))
	};
	return JSON.stringify(doc, null, 2) + '\n';
}

/**
 * The report's file name, e.g. `footfall-alerts_counters-csv_2024-07-01_2024-08-07_naive-local.csv`:
 * what it holds, the data it was made from and that its times are naive local.
 */
export function alertsFileName(meta: AlertsMeta, ext: 'csv' | 'json' | 'txt'): string {
	const parts = ['footfall-alerts'];
	if (meta.source) parts.push(fileToken(meta.source));
	if (meta.from && meta.to) parts.push(fileToken(meta.from), fileToken(meta.to));
	parts.push('naive-local');
	return `${parts.join('_')}.${ext}`;
}
