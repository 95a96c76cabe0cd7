/** Paths as dropped: any prefix, `/` or `\` separators, the original `YYYY/MM/DD/<device>/` layout. */

/** `/`-separated, no drive letter, no `./`, no leading or doubled slashes. */
export function normalisePath(path: string): string {
	return path
		.replace(/\\/g, '/')
		.replace(/^[A-Za-z]:\//, '')
		.split('/')
		.filter((s) => s !== '' && s !== '.')
		.join('/');
}

export function baseName(path: string): string {
	const p = normalisePath(path);
	const i = p.lastIndexOf('/');
	return i < 0 ? p : p.slice(i + 1);
}

/** The folder part of a path ('' at the top). */
export function dirName(path: string): string {
	const p = normalisePath(path);
	const i = p.lastIndexOf('/');
	return i < 0 ? '' : p.slice(0, i);
}

/** File name without its last extension, e.g. `TEMP` for `TEMP.csv`. */
export function stem(name: string): string {
	const b = baseName(name);
	const i = b.lastIndexOf('.');
	return i <= 0 ? b : b.slice(0, i);
}

export function extension(name: string): string {
	const b = baseName(name);
	const i = b.lastIndexOf('.');
	return i <= 0 ? '' : b.slice(i + 1).toLowerCase();
}

/** How a file is named in messages: its folder and name, e.g. `device_015/temperature.csv`. */
export function displayName(path: string): string {
	const parts = normalisePath(path).split('/');
	return parts.slice(-2).join('/') || path;
}

export interface LayoutPlace {
	/** The folder holding the file, as dropped (its prefix included). */
	folder: string;
	device: string;
	/** `YYYY-MM-DD`. */
	day: string;
}

export type LayoutMatch = { ok: true; place: LayoutPlace } | { ok: false; message: string } | null;

/**
 * Reads `.../YYYY/MM/DD/<device>/<file>`. Null when the path has no such folders; an error
 * when they look like the layout but the date is not a calendar date.
 */
export function matchOriginalLayout(path: string): LayoutMatch {
	const parts = normalisePath(path).split('/');
	if (parts.length < 5) return null;
	const [y, m, d, device] = parts.slice(-5, -1);
	if (!/^\d{4}$/.test(y) || !/^\d{1,2}$/.test(m) || !/^\d{1,2}$/.test(d)) return null;
	const day = `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
	if (!isCalendarDay(day)) {
		return { ok: false, message: `folders ${y}/${m}/${d} are not a calendar date` };
	}
	return { ok: true, place: { folder: parts.slice(0, -1).join('/'), device, day } };
}

export function isCalendarDay(day: string): boolean {
	const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
	if (!m) return false;
	const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
	return new Date(t).toISOString().slice(0, 10) === day;
}

/** `YYYY-MM-DD` of a unix time in milliseconds, in UTC. */
export function utcDay(ms: number): string {
	return new Date(ms).toISOString().slice(0, 10);
}

/** Files nobody means to drop: OS metadata, zip resource forks. */
export function isSystemFile(path: string): boolean {
	const p = normalisePath(path);
	const b = baseName(p);
	return (
		p.startsWith('__MACOSX/') ||
		p.includes('/__MACOSX/') ||
		b === '.DS_Store' ||
		b === 'Thumbs.db' ||
		b === 'desktop.ini' ||
		b.startsWith('._')
	);
}
