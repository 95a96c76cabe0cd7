import { describe, expect, it } from 'vitest';
import type { Alert, AlertView } from '../../../src/lib/alerts/alerts';
import {
	MAILTO_MAX_LENGTH,
	alertLine,
	alertsCsv,
	alertsFileName,
	alertsJson,
	alertsSummary,
	mailtoHref,
	severityCounts
} from '../../../src/lib/alerts/report';

const view: AlertView = {
	store: 'Paris',
	sensor: 7,
	resolution: 'hourly',
	from: '2024-12-29',
	to: '2024-12-31'
};

const down: Alert = {
	id: 'sensor-down:1:7:h482400',
	kind: 'sensor-down',
	severity: 'critical',
	store: 'Paris',
	storeIdx: 1,
	sensor: 7,
	unit: 'hour',
	from: 482_400,
	to: 482_425,
	fromText: '2024-12-30T09:00',
	toText: '2024-12-31T10:00',
	current: true,
	title: 'Paris: sensor 7 down for 12 open hours',
	detail: 'Sensor 7 of Paris was down, "badly", for a day.',
	view
};
const day: Alert = {
	...down,
	id: 'abnormal-day:1:all:d20000',
	kind: 'abnormal-day',
	severity: 'warning',
	sensor: null,
	unit: 'day',
	from: 20_000,
	to: 20_000,
	fromText: '2024-10-04',
	toText: '2024-10-04',
	current: false,
	title: 'Paris: abnormal day 2024-10-04, 40 % below normal',
	detail: 'Paris counted 1,200 visits on 2024-10-04.',
	view: { ...view, sensor: null, resolution: 'daily' }
};
const note: Alert = {
	...day,
	id: 'failed-hours:1:all:d19990',
	kind: 'failed-hours',
	severity: 'info'
};
const meta = {
	source: 'simulation demo',
	from: '2024-07-01',
	to: '2024-12-31',
	link: (v: AlertView) => `https://x.test/?store=${encodeURIComponent(v.store)}&from=${v.from}`
};

describe('alertsSummary', () => {
	it('heads with the counts, the data and the time basis, then one line per alert, current first', () => {
		expect(alertsSummary([down, day, note], meta)).toBe(
			[
				'Footfall alerts: 1 current, 3 in all (1 critical, 1 warning, 1 note).',
				'Data: simulation demo from 2024-07-01 to 2024-12-31; times are naive local wall-clock time (no time zone).',
				'',
				'Current:',
				'- [critical] Paris: sensor 7 down for 12 open hours (2024-12-30 09:00 to 2024-12-31 10:00). Sensor 7 of Paris was down, "badly", for a day. https://x.test/?store=Paris&from=2024-12-29',
				'',
				'Earlier:',
				'- [warning] Paris: abnormal day 2024-10-04, 40 % below normal (2024-10-04). Paris counted 1,200 visits on 2024-10-04. https://x.test/?store=Paris&from=2024-12-29',
				'- [info] Paris: abnormal day 2024-10-04, 40 % below normal (2024-10-04). Paris counted 1,200 visits on 2024-10-04. https://x.test/?store=Paris&from=2024-12-29',
				''
			].join('\n')
		);
	});

	it('says when there is nothing, and works without meta', () => {
		expect(alertsSummary([])).toBe(
			'Footfall alerts: 0 current, 0 in all (none).\nData; times are naive local wall-clock time (no time zone).\n\nNo issues found.\n'
		);
		expect(alertLine(day)).toBe(
			'- [warning] Paris: abnormal day 2024-10-04, 40 % below normal (2024-10-04). Paris counted 1,200 visits on 2024-10-04.'
		);
		expect(severityCounts([down, down, day])).toBe('2 critical, 1 warning');
	});
});

describe('mailtoHref', () => {
	it('encodes addresses, subject and body (CRLF line ends, RFC 6068)', () => {
		expect(mailtoHref('a@b.test, c.d@e.test', "Alerts: Paris & co's (2)", 'one\ntwo ü\n')).toBe(
			'mailto:a%40b.test,c.d%40e.test?subject=Alerts%3A%20Paris%20%26%20co%27s%20%282%29&body=one%0D%0Atwo%20%C3%BC'
		);
		expect(mailtoHref('', 'S', 'x')).toBe('mailto:?subject=S&body=x');
		expect(mailtoHref(['z@y.test'], 'S', 'x')).toBe('mailto:z%40y.test?subject=S&body=x');
	});

	it('refuses what is not an e-mail address, naming it', () => {
		for (const bad of ['nobody', 'a@b@c', 'a b@c.test', 'x@y.test?cc=evil@z.test', '<a@b.test>']) {
			expect(() => mailtoHref(bad, 'S', 'x'), bad).toThrow(
				`mailto: not an e-mail address: ${JSON.stringify(bad)}`
			);
		}
	});

	it('cuts a long body line by line and says how many lines are left out', () => {
		const lines = Array.from({ length: 100 }, (_, i) => `- alert number ${i} with some words`);
		const body = ['Footfall alerts: many.', '', ...lines].join('\n');
		const href = mailtoHref('a@b.test', 'Alerts', body);
		expect(href.length).toBeLessThanOrEqual(MAILTO_MAX_LENGTH);
		const text = decodeURIComponent(href.split('&body=')[1]).split('\r\n');
		const kept = text.length - 3; // heading, blank line, "... N more"
		expect(text[0]).toBe('Footfall alerts: many.');
		expect(text.at(-2)).toBe(lines[kept - 1]);
		expect(text.at(-1)).toBe(`... ${100 - kept} more`);
		expect(kept).toBeGreaterThan(10);
		for (const max of [300, 200, 120, 90]) {
			const h = mailtoHref('a@b.test', 'Alerts', body, max);
			expect(h.length, String(max)).toBeLessThanOrEqual(max);
			expect(decodeURIComponent(h)).toMatch(/\.\.\. \d+ more$/);
		}
		expect(decodeURIComponent(mailtoHref('a@b.test', 'Alerts', body, 70))).toMatch(
			/body=\.\.\. 101 more$/
		);
		expect(() => mailtoHref('a@b.test', 'x'.repeat(100), body, 50)).toThrow(/subject alone/);
	});
});

describe('alertsCsv and alertsJson', () => {
	it('CSV: one row per alert, times with their basis, quoted where needed, links', () => {
		const csv = alertsCsv([down, day], meta);
		const lines = csv.split('\r\n');
		expect(lines[0]).toBe(
			'id,severity,kind,current,store,sensor,time_unit,from_local,to_local,title,detail,link'
		);
		expect(lines[1]).toBe(
			'sensor-down:1:7:h482400,critical,sensor-down,yes,Paris,7,hour,2024-12-30T09:00,2024-12-31T10:00,' +
				'Paris: sensor 7 down for 12 open hours,"Sensor 7 of Paris was down, ""badly"", for a day.",' +
				'https://x.test/?store=Paris&from=2024-12-29'
		);
		expect(lines[2]).toContain(',no,Paris,all,day,2024-10-04,2024-10-04,');
		expect(lines).toHaveLength(4);
		expect(alertsCsv([]).split('\r\n')[0]).not.toContain('link');
	});

	it('JSON: the time basis, counts and every alert with its view and link', () => {
		const doc = JSON.parse(alertsJson([down, day], meta));
		expect(doc).toMatchObject({
			report: 'footfall alerts',
			timeBasis: 'naive local wall-clock time (no time zone)',
			source: 'simulation demo',
			data: { from: '2024-07-01', to: '2024-12-31' },
			counts: { all: 2, current: 1, critical: 1, warning: 1, info: 0 }
		});
		expect(doc.alerts[0]).toEqual({ ...down, link: 'https://x.test/?store=Paris&from=2024-12-29' });
		expect(JSON.parse(alertsJson([day])).alerts[0]).toEqual(day);
	});

	it('file names say what the report holds', () => {
		expect(alertsFileName(meta, 'csv')).toBe(
			'footfall-alerts_simulation-demo_2024-07-01_2024-12-31_naive-local.csv'
		);
		expect(alertsFileName({}, 'json')).toBe('footfall-alerts_naive-local.json');
	});
});
