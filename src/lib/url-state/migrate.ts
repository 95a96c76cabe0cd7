/**
 * URL versions. `v=N` names the version a URL was written in; a URL without `v` but with
 * other parameters is version 0, the pre-release form. `migrate` lifts any older URL to
 * the current version one step at a time (`STEPS[n]` turns version n into n + 1), so a
 * later version adds one step and every old link keeps working.
 */
import { URL_STATE_VERSION } from './types';
import { parseWhole, show } from './text';

/** Turns the parameters of version n into those of version n + 1, reporting what it drops. */
type Step = (params: URLSearchParams, problems: string[]) => URLSearchParams;

export interface Migrated {
	/** The parameters in the current version's form, `v` included. */
	params: URLSearchParams;
	/** The version the URL was written in. */
	version: number;
	problems: string[];
}

/** The version of `params` and what was wrong with its `v`. */
export function readVersion(params: URLSearchParams): { version: number; problem: string | null } {
	const all = params.getAll('v');
	if (all.length === 0) {
		for (const key of params.keys()) if (key !== 'v') return { version: 0, problem: null };
		return { version: URL_STATE_VERSION, problem: null };
	}
	const reading = `reading it as version ${URL_STATE_VERSION}`;
	if (all.length > 1) {
		return { version: URL_STATE_VERSION, problem: `v is given ${all.length} times; ${reading}` };
	}
	const v = parseWhole(all[0], 0, Number.MAX_SAFE_INTEGER);
	if (v === null) {
		return {
			version: URL_STATE_VERSION,
			problem: `v=${show(all[0])}: not a version number; ${reading}`
		};
	}
	if (v > URL_STATE_VERSION) {
		return {
			version: URL_STATE_VERSION,
			problem: `v=${show(all[0])}: this address was made by a newer version of the app; ${reading}, as far as it can be`
		};
	}
	return { version: v, problem: null };
}

/** `params` (not changed) in the current version's form. */
export function migrate(params: URLSearchParams): Migrated {
	const problems: string[] = [];
	const { version, problem } = readVersion(params);
	if (problem) problems.push(problem);
	let p = new URLSearchParams(params);
	p.delete('v');
	for (let n = version; n < URL_STATE_VERSION; n++) p = STEPS[n](p, problems);
	const out = new URLSearchParams([['v', String(URL_STATE_VERSION)], ...p]);
	return { params: out, version, problems };
}

const WEEKDAY_NAMES = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/**
 * Version 0 (pre-release) to 1:
 * - `resolution=daily` -> `res=daily`; `generator=numpy` -> `gen=numpy`;
 * - `sensor=total` -> no `sensor` (the store total is the default); a number stays;
 * - `weekdays=mon,tue,sat` (names, any case, comma-separated; empty for none) -> `days=126`;
 * - `hourFrom=8&hourTo=17` (either may be missing: 0 and 23) -> `hours=8-17`;
 * - `selected=device_015/2021-02-02` -> `device=device_015&day=2021-02-02`;
 * - `faultyOnly=true` -> `faulty=1` (`false` is the default and is dropped).
 * Everything else is passed on for version 1 to judge.
 */
function v0to1(params: URLSearchParams, problems: string[]): URLSearchParams {
	const out = new URLSearchParams();
	const hourFrom: string[] = [];
	const hourTo: string[] = [];
	for (const [key, value] of params) {
		switch (key) {
			case 'resolution':
				out.append('res', value);
				break;
			case 'generator':
				out.append('gen', value);
				break;
			case 'sensor':
				if (value !== 'total') out.append('sensor', value);
				break;
			case 'weekdays': {
				const days = weekdayDigits(value);
				if (days === null) {
					problems.push(
						`weekdays=${show(value)}: not weekday names such as mon,tue,wed; using the default`
					);
				} else out.append('days', days);
				break;
			}
			case 'hourFrom':
				hourFrom.push(value);
				break;
			case 'hourTo':
				hourTo.push(value);
				break;
			case 'selected': {
				const cut = value.lastIndexOf('/');
				if (cut <= 0 || cut === value.length - 1) {
					problems.push(`selected=${show(value)}: not device/day; using no selection`);
				} else {
					out.append('device', value.slice(0, cut));
					out.append('day', value.slice(cut + 1));
				}
				break;
			}
			case 'faultyOnly':
				if (value === 'true') out.append('faulty', '1');
				else if (value !== 'false') {
					problems.push(`faultyOnly=${show(value)}: not true or false; using false`);
				}
				break;
			default:
				out.append(key, value);
		}
	}
	if (hourFrom.length || hourTo.length) {
		const from = hourFrom.length === 0 ? 0 : hourOf(hourFrom);
		const to = hourTo.length === 0 ? 23 : hourOf(hourTo);
		if (from === null || to === null) {
			const shown = `hourFrom=${show(hourFrom.join(','))}, hourTo=${show(hourTo.join(','))}`;
			problems.push(`${shown}: not hours from 0 to 23; using all hours`);
		} else out.append('hours', `${from}-${to}`);
	}
	return out;
}

function hourOf(values: string[]): number | null {
	return values.length === 1 ? parseWhole(values[0], 0, 23) : null;
}

/** `mon,sat` -> `16`; '' -> `none`; null for anything else. */
function weekdayDigits(value: string): string | null {
	if (value === '') return 'none';
	if (value.length > 100) return null;
	const days = new Set<number>();
	for (const name of value.split(',')) {
		const d = WEEKDAY_NAMES.indexOf(name.toLowerCase());
		if (d < 0) return null;
		days.add(d + 1);
	}
	return [...days].sort((a, b) => a - b).join('');
}

/** One step per version below the current one (a test checks the count). */
export const STEPS: readonly Step[] = [v0to1];
