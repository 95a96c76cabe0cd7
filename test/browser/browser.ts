import { chromium, type Browser, type Page } from 'playwright-core';

/** The flags that make Debian's Chromium run headless and quiet on these machines. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-quic',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync'
];

export function launch(): Promise<Browser> {
	return chromium.launch({
		executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
		args: CHROMIUM_ARGS
	});
}

/**
 * Opens a fresh page that records every request to an origin other than `siteUrl`'s
 * and every console error, so tests can assert the app stays on its own origin.
 */
export async function openPage(browser: Browser, siteUrl: string) {
	const context = await browser.newContext({ acceptDownloads: true });
	const page: Page = await context.newPage();
	const origin = new URL(siteUrl).origin;
	const foreignRequests: string[] = [];
	const consoleErrors: string[] = [];
	page.on('request', (req) => {
		const url = req.url();
		if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
			foreignRequests.push(url);
		}
	});
	page.on('console', (msg) => {
		if (msg.type() === 'error') consoleErrors.push(msg.text());
	});
	page.on('pageerror', (err) => consoleErrors.push(String(err)));
	return { page, context, foreignRequests, consoleErrors };
}
