import { describe, expect, it } from 'vitest';
import {
	Problems,
	escapeField,
	formatNumber,
	isIsoDay,
	parseNumber,
	parseWhole,
	plain,
	show,
	textProblem,
	toQuery,
	unescapeField
} from '../../../src/lib/url-state/text';
import { Rng, text } from './random';

describe('numbers', () => {
	it.each([
		['0', 0],
		['-0', -0],
		['12', 12],
		['0.001', 0.001],
		['.5', 0.5],
		['5.', 5],
		['1e-7', 1e-7],
		['1E+3', 1000],
		['-2.5', -2.5],
		['1.7976931348623157e308', Number.MAX_VALUE]
	])('reads %j', (t, x) => {
		expect(parseNumber(t)).toBe(x);
	});

	it.each(['', '-', '.', 'e5', '1e', '1e+', '+1', ' 1', '1 ', '1_000', '0x10', '0b1', 'NaN'])(
		'refuses %j',
		(t) => {
			expect(parseNumber(t)).toBeNull();
		}
	);

	it.each(['Infinity', '-Infinity', '1e309', '1'.repeat(41)])('refuses %j', (t) => {
		expect(parseNumber(t)).toBeNull();
	});

	it('writes the shortest text that reads back as the same double', () => {
		const rng = new Rng('numbers');
		const samples = [0.1 + 0.2, 1 / 3, 1e-300, 5e-324, Number.MAX_VALUE, 0.001, 123456789.125];
		for (let i = 0; i < 2000; i++) {
			samples.push(rng.float() * 10 ** rng.int(-12, 12) * (rng.bool() ? -1 : 1));
		}
		for (const x of samples) {
			const t = formatNumber(x);
			expect(parseNumber(t)).toBe(x);
			expect(t.length).toBeLessThanOrEqual(String(x).length);
		}
		expect(formatNumber(-0)).toBe('0');
		expect(formatNumber(0.007)).toBe('0.007');
	});

	it('reads whole numbers in digits only, within bounds', () => {
		expect(parseWhole('0', 0, 5)).toBe(0);
		expect(parseWhole('05', 0, 5)).toBe(5);
		expect(parseWhole('6', 0, 5)).toBeNull();
		for (const t of ['', '-1', '1.0', '1e1', ' 1', '99999999999999999']) {
			expect(parseWhole(t, 0, Number.MAX_SAFE_INTEGER)).toBeNull();
		}
	});
});

describe('days', () => {
	it.each(['2024-02-29', '2023-12-31', '1000-01-01', '9999-12-31'])('%s is a day', (d) => {
		expect(isIsoDay(d)).toBe(true);
	});
	it.each(['2023-02-29', '2024-13-01', '2024-00-10', '0999-12-31', '2024-1-01', '2024-01-01T00'])(
		'%s is not',
		(d) => {
			expect(isIsoDay(d)).toBe(false);
		}
	);
});

describe('fields of records', () => {
	it('escapes the separators and the escape character, and reads them back', () => {
		expect(escapeField('a~b*c%d')).toBe('a%7Eb%2Ac%25d');
		expect(unescapeField('a%7Eb%2Ac%25d')).toBe('a~b*c%d');
		expect(unescapeField('%7e%2a')).toBe('~*');
		const rng = new Rng('fields');
		for (let i = 0; i < 500; i++) {
			const t = text(rng, 0, 30);
			const e = escapeField(t);
			expect(e).not.toMatch(/[~*]/);
			expect(unescapeField(e)).toBe(t);
		}
	});

	it.each(['%', '%2', '%41', '%%', 'a%2Bb', '%E2%82%AC'])('refuses the stray escape %j', (t) => {
		expect(unescapeField(t)).toBeNull();
	});
});

describe('query strings', () => {
	it('keeps ~ * : , / and writes a space as +', () => {
		const p = new URLSearchParams([
			['stores', 'New York~1~2024-01-01T08:30~1*B~2'],
			['files', 'a/b.csv~1~ab'],
			['hide', 'baseline,markers']
		]);
		expect(toQuery(p)).toBe(
			'stores=New+York~1~2024-01-01T08:30~1*B~2&files=a/b.csv~1~ab&hide=baseline,markers'
		);
	});

	it("escapes & = + # ? % ! ' ( ) and ends no value with punctuation", () => {
		const p = new URLSearchParams([
			['q', "a&b=c+d#e?f%g!h'i(j)"],
			['seed', 'x.'],
			['s', 'y '],
			['e', '']
		]);
		expect(toQuery(p)).toBe('q=a%26b%3Dc%2Bd%23e%3Ff%25g%21h%27i%28j%29&seed=x%2E&s=y%20&e=');
	});

	it('reads back as the same parameters with URLSearchParams', () => {
		const rng = new Rng('query');
		for (let i = 0; i < 500; i++) {
			const pairs: [string, string][] = [];
			for (let j = rng.int(0, 5); j > 0; j--) pairs.push([text(rng, 1, 8), text(rng, 0, 20)]);
			const p = new URLSearchParams(pairs);
			expect([...new URLSearchParams(toQuery(p))]).toEqual(pairs);
			expect([...new URLSearchParams(`?${toQuery(p)}`)]).toEqual(pairs);
		}
	});
});

describe('values shown in problems', () => {
	it('quotes and escapes what could matter to HTML, terminals or the reading direction', () => {
		expect(show('Paris')).toBe('"Paris"');
		expect(show('<b>"x"&\'y\'</b>')).toBe(
			'"\\u003cb\\u003e\\u0022x\\u0022\\u0026\\u0027y\\u0027\\u003c/b\\u003e"'
		);
		expect(show('a\nb\u0000c\u202ed\\')).toBe('"a\\u000ab\\u0000c\\u202ed\\u005c"');
		expect(show('Zürich 東京 😀')).toBe('"Zürich 東京 😀"');
	});

	it('truncates long values by characters, not code units, and gives the length', () => {
		expect(show('x'.repeat(41))).toBe(`"${'x'.repeat(40)}…" (41 characters)`);
		expect(show('😀'.repeat(41))).toBe(`"${'😀'.repeat(40)}…" (41 characters)`);
		expect(show('x'.repeat(40))).toBe(`"${'x'.repeat(40)}"`);
		expect(show('😀'.repeat(40))).toBe(`"${'😀'.repeat(40)}"`);
		expect(show('y'.repeat(1_000_000))).toBe(`"${'y'.repeat(40)}…" (1000000 characters)`);
	});

	it('counts characters, not code units, against a length limit', () => {
		expect(textProblem('😀'.repeat(100), 100)).toBeNull();
		expect(textProblem('😀'.repeat(101), 100)).toBe('must be at most 100 characters');
		expect(textProblem('x'.repeat(101), 100)).toBe('must be at most 100 characters');
		expect(textProblem('', 100)).toBe('must not be empty');
		expect(textProblem('', 100, true)).toBeNull();
		expect(textProblem('a\u007fb', 100)).toBe('must not contain control characters');
	});

	it('keeps our own comparisons readable in messages, escaping only what could be a tag', () => {
		expect(plain('a must be <= b, c > d, e < f')).toBe('a must be <= b, c > d, e < f');
		expect(plain('got "<script>"')).toBe('got "\\u003cscript\\u003e"');
		expect(plain('x'.repeat(400))).toHaveLength(301);
	});

	it('lists 20 problems and counts the rest', () => {
		const p = new Problems();
		for (let i = 0; i < 25; i++) p.add(`p${i}`);
		expect(p.list()).toHaveLength(21);
		expect(p.list()[20]).toBe('… and 5 more problems with this address');
		const q = new Problems();
		q.bad('res', '<x>', 'must be daily', 'daily');
		expect(q.list()).toEqual(['res="\\u003cx\\u003e": must be daily; using daily']);
	});
});
