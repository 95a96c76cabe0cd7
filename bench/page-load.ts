/**
 * Time from opening the page to its first chart, in Debian's Chromium, on the built
 * site served from localhost. Needs `vite build` first (`npm run bench` does it).
 */
import { launch, openPage } from '../test/browser/browser';
import { serveStatic } from '../scripts/serve-static.mjs';
import { median, saveResults } from './machine';

const RUNS = 5;

export async function run() {
	const server = await serveStatic({ root: 'build' });
	const browser = await launch();
	const times: number[] = [];
	let bytes = 0;
	try {
		for (let i = 0; i < RUNS; i++) {
			const { page, context } = await openPage(browser, server.url);
			let transferred = 0;
			page.on('response', async (res) => {
				const len = Number(res.headers()['content-length'] ?? 0);
				transferred += len;
			});
			await page.goto(server.url);
			await page.waitForSelector('[data-testid="chart"][data-ready="true"]', { timeout: 30_000 });
			times.push(await page.evaluate(() => performance.now()));
			bytes = transferred;
			await context.close();
		}
	} finally {
		await browser.close();
		await server.close();
	}
	const result = {
		what: 'open the footfall page (default demo simulation) to the first chart drawn',
		runs: RUNS,
		medianMs: Math.round(median(times)),
		timesMs: times.map(Math.round),
		firstVisitBytes: bytes
	};
	console.table([{ ...result, timesMs: result.timesMs.join(' ') }]);
	saveResults('page-load', result);
	return result;
}

if (import.meta.url === `file://${process.argv[1]}`) await run();
