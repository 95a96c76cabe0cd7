import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launch, openPage } from './browser';

let browser: Browser;
beforeAll(async () => {
	browser = await launch();
});
afterAll(() => browser?.close());

it('serves the built page and requests nothing from another origin', async () => {
	const { page, foreignRequests, consoleErrors } = await openPage(browser, inject('siteUrl'));
	await page.goto(inject('siteUrl'));
	await expect.poll(() => page.locator('h1').first().textContent()).toContain('sensors-and-more');
	expect(foreignRequests).toEqual([]);
	expect(consoleErrors).toEqual([]);
});
