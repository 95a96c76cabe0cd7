/**
 * The small text codecs both pages share: numbers in their shortest round-trip form,
 * records packed into one parameter, the query string written with little escaping, and
 * untrusted values shown safely in problem messages. No regular expression here is built
 * from input; every loop over input is bounded by its length.
 */

/** Most problems listed one by one; the rest are counted in one last line. */
export const MAX_PROBLEMS = 20;
/** Characters of a bad value shown in a problem message. */
export const SHOWN_CHARS = 40;

/** Between records of a list parameter (`stores=A~...*B~...`). Not escaped by URLs. */
export const RECORD_SEP = '*';
/** Between the fields of one record. Not escaped by URLs. */
export const FIELD_SEP = '~';

/**
 * Characters written as `\uXXXX` when a value is shown: controls, HTML's specials, quotes,
 * the backslash, line and paragraph separators and the bidirectional controls (which
 * could make a message read differently from what it says).
 */
function unsafe(code: number): boolean {
	return (
		code < 0x20 ||
		(code >= 0x7f && code <= 0x9f) ||
		code === 0x22 || // "
		code === 0x26 || // &
		code === 0x27 || // '
		code === 0x3c || // <
		code === 0x3e || // >
		code === 0x5c || // \
		code === 0x60 || // `
		code === 0x2028 ||
		code === 0x2029 ||
		(code >= 0x200e && code <= 0x200f) ||
		(code >= 0x202a && code <= 0x202e) ||
		(code >= 0x2066 && code <= 0x2069)
	);
}

function uEscape(code: number): string {
	return `\\u${code.toString(16).padStart(4, '0')}`;
}

function escapeShown(text: string): string {
	let out = '';
	for (const ch of text) {
		const code = ch.codePointAt(0) ?? 0;
		out += unsafe(code) ? uEscape(code) : ch;
	}
	return out;
}

/**
 * An untrusted value as it may appear in a message: in double quotes, at most `max`
 * characters (then `…` and the full length), every character that could matter to HTML,
 * a terminal or the reading direction written as `\uXXXX`.
 */
export function show(raw: string, max = SHOWN_CHARS): string {
	// Look at no more of a huge value than can be shown (a character is 1 or 2 code units).
	const head = Array.from(raw.slice(0, 2 * max + 2));
	if (head.length <= max && raw.length <= 2 * max + 2) return `"${escapeShown(raw)}"`;
	return `"${escapeShown(head.slice(0, max).join(''))}…" (${codePoints(raw)} characters)`;
}

function codePoints(text: string): number {
	let n = 0;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		// A high surrogate followed by a low one is one character.
		if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
			const d = text.charCodeAt(i + 1);
			if (d >= 0xdc00 && d <= 0xdfff) i++;
		}
		n++;
	}
	return n;
}

/**
 * A message of our own that may quote other code (the simulator's, the detection's),
 * truncated and made safe: controls and the characters `show` escapes are written as
 * `\uXXXX`, except quotes, and `<` and `>` when they cannot open or close a tag
 * (`<=` in "avgLow must be <= avgHigh" stays readable).
 */
export function plain(message: string, max = 300): string {
	const chars = Array.from(message);
	const cut = chars.length > max ? [...chars.slice(0, max), '…'] : chars;
	let out = '';
	for (let i = 0; i < cut.length; i++) {
		const ch = cut[i];
		const code = ch.codePointAt(0) ?? 0;
		const next = cut[i + 1] ?? ' ';
		const tagLike =
			(ch === '<' && !(next === ' ' || next === '=')) ||
			(ch === '>' && !(next === ' ' || next === '=' || i + 1 === cut.length));
		const keep = ch === '"' || ch === "'" || ((ch === '<' || ch === '>') && !tagLike);
		out += unsafe(code) && !keep ? uEscape(code) : ch;
	}
	return out;
}

/** True when `text` holds a control character (C0, DEL, C1). */
export function hasControl(text: string): boolean {
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return true;
	}
	return false;
}

/** A name or other free text we accept: 1..max characters (or 0 with `empty`), no controls. */
export function textProblem(text: string, max: number, empty = false): string | null {
	if (!empty && text.length === 0) return 'must not be empty';
	if (text.length > max && (text.length > 2 * max || codePoints(text) > max)) {
		return `must be at most ${max} characters`;
	}
	if (hasControl(text)) return 'must not contain control characters';
	return null;
}

/** A real calendar day written `YYYY-MM-DD`, years 1000-9999. */
export function isIsoDay(text: string): boolean {
	if (text.length !== 10 || text[4] !== '-' || text[7] !== '-') return false;
	const y = text.slice(0, 4);
	const m = text.slice(5, 7);
	const d = text.slice(8, 10);
	if (!isDigits(y, 4, 4) || !isDigits(m, 2, 2) || !isDigits(d, 2, 2) || y < '1000') return false;
	const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
	return (
		date.getUTCFullYear() === Number(y) &&
		date.getUTCMonth() === Number(m) - 1 &&
		date.getUTCDate() === Number(d)
	);
}

/** The shortest text that reads back as the same double (ECMAScript `Number::toString`). */
export function formatNumber(x: number): string {
	return Object.is(x, -0) ? '0' : String(x);
}

function isDigit(c: number): boolean {
	return c >= 48 && c <= 57;
}

/** True for `^\d{min,max}$`. */
export function isDigits(text: string, min = 1, max = 16): boolean {
	if (text.length < min || text.length > max) return false;
	for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
	return true;
}

/**
 * A decimal number: optional `-`, digits with an optional fraction, an optional exponent
 * (`1e-7`). No spaces, `+`, `Infinity`, `NaN`, hex or `_`: null for anything else.
 */
export function parseNumber(text: string): number | null {
	if (text.length === 0 || text.length > 40) return null;
	let i = 0;
	const n = text.length;
	if (text[i] === '-') i++;
	const intStart = i;
	while (i < n && isDigit(text.charCodeAt(i))) i++;
	let digits = i - intStart;
	if (text[i] === '.') {
		i++;
		const fracStart = i;
		while (i < n && isDigit(text.charCodeAt(i))) i++;
		digits += i - fracStart;
	}
	if (digits === 0) return null;
	if (text[i] === 'e' || text[i] === 'E') {
		i++;
		if (text[i] === '-' || text[i] === '+') i++;
		const expStart = i;
		while (i < n && isDigit(text.charCodeAt(i))) i++;
		if (i === expStart) return null;
	}
	if (i !== n) return null;
	const x = Number(text);
	return Number.isFinite(x) ? x : null;
}

/** A whole number written in digits only, within [min, max]; null otherwise. */
export function parseWhole(text: string, min: number, max: number): number | null {
	if (!isDigits(text, 1, 16)) return null;
	const x = Number(text);
	return Number.isSafeInteger(x) && x >= min && x <= max ? x : null;
}

/** A free-text field inside a record: `%`, `~` and `*` become `%25`, `%7E`, `%2A`. */
export function escapeField(text: string): string {
	let out = '';
	for (const ch of text) {
		if (ch === '%') out += '%25';
		else if (ch === FIELD_SEP) out += '%7E';
		else if (ch === RECORD_SEP) out += '%2A';
		else out += ch;
	}
	return out;
}

/** The inverse of `escapeField`; null when a `%` starts anything but those three escapes. */
export function unescapeField(text: string): string | null {
	let out = '';
	for (let i = 0; i < text.length; i++) {
		const ch = text[i];
		if (ch !== '%') {
			out += ch;
			continue;
		}
		const code = text.slice(i + 1, i + 3).toUpperCase();
		if (code === '25') out += '%';
		else if (code === '7E') out += FIELD_SEP;
		else if (code === '2A') out += RECORD_SEP;
		else return null;
		i += 2;
	}
	return out;
}

/** `records` joined: fields escaped by the caller where they are free text. */
export function joinRecords(records: string[][]): string {
	return records.map((r) => r.join(FIELD_SEP)).join(RECORD_SEP);
}

/** A list parameter split into records of fields (escapes still in place). */
export function splitRecords(value: string): string[][] {
	return value.split(RECORD_SEP).map((r) => r.split(FIELD_SEP));
}

function hex2(code: number): string {
	return `%${code.toString(16).toUpperCase().padStart(2, '0')}`;
}

/**
 * One key or value of the query: `encodeURIComponent`, but a space is `+` and `:`, `,`
 * and `/` stay as they are (legal in a query, RFC 3986 section 3.4), while `!'()` are
 * escaped (some chat apps end a link at them).
 */
function encodePart(text: string): string {
	let out = '';
	for (const ch of text) {
		if (ch === ' ') out += '+';
		else if (ch === ':' || ch === ',' || ch === '/') out += ch;
		else if (ch === '!' || ch === "'" || ch === '(' || ch === ')') out += hex2(ch.charCodeAt(0));
		else out += encodeURIComponent(ch);
	}
	return out;
}

function isAlnum(c: number): boolean {
	return isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * The query string of `params`, without the `?`, readable where the standard form is not
 * (`URLSearchParams.toString()` escapes `~`, `:`, `,` and `/`). Read it back with
 * `new URLSearchParams(query)`. No value ends in punctuation, so that software turning
 * text into links does not drop a final `.`, `-` or `*` (an empty value ends in `=`).
 */
export function toQuery(params: URLSearchParams): string {
	const parts: string[] = [];
	for (const [k, v] of params) parts.push(`${encodePart(k)}=${safeEnd(encodePart(v))}`);
	return parts.join('&');
}

/**
 * An encoded value whose last character is a letter, a digit or (as an escape ends in a
 * hex digit) an escape: a final literal `.`, `-`, `*`... is escaped. Applied to every
 * value, not only the last, so that a query reads the same whatever its order.
 */
function safeEnd(encoded: string): string {
	if (encoded.length === 0) return encoded;
	const last = encoded.charCodeAt(encoded.length - 1);
	if (isAlnum(last)) return encoded;
	return encoded.slice(0, -1) + (last === 43 /* + */ ? '%20' : hex2(last));
}

/** Collects problem messages, at most `MAX_PROBLEMS` of them. */
export class Problems {
	readonly #list: string[] = [];
	#dropped = 0;

	add(message: string): void {
		if (this.#list.length < MAX_PROBLEMS) this.#list.push(message);
		else this.#dropped++;
	}

	/** `param=value: reason; using fallback`. */
	bad(param: string, raw: string, reason: string, fallback: string): void {
		this.add(`${param}=${show(raw)}: ${reason}; using ${fallback}`);
	}

	list(): string[] {
		return this.#dropped
			? [...this.#list, `… and ${this.#dropped} more problems with this address`]
			: [...this.#list];
	}
}

/**
 * Reads the known parameters of a query once each. Unknown keys are reported (and
 * ignored) when the reader is made; a key given more than once is reported when read,
 * and reads as absent, so its default applies.
 */
export class ParamReader {
	readonly #params: URLSearchParams;
	readonly #problems: Problems;
	readonly #known: ReadonlySet<string>;

	constructor(params: URLSearchParams, known: Iterable<string>, problems: Problems) {
		this.#params = params;
		this.#problems = problems;
		this.#known = new Set(known);
		const seen = new Set<string>();
		for (const key of params.keys()) {
			if (key === 'v' || this.#known.has(key) || seen.has(key)) continue;
			seen.add(key);
			problems.add(`unknown parameter ${show(key)} ignored`);
		}
	}

	has(key: string): boolean {
		return this.#params.has(key);
	}

	/** The value of `key`; undefined when absent, or (with a problem) when repeated. */
	get(key: string, fallback: string): string | undefined {
		const all = this.#params.getAll(key);
		if (all.length === 0) return undefined;
		if (all.length > 1) {
			this.#problems.add(`${key} is given ${all.length} times; using ${fallback}`);
			return undefined;
		}
		return all[0];
	}
}
