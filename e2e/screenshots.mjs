// Takes the README's screenshots from a demo workspace: `node screenshots.mjs`.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, signIn } from './tests/harness.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });
const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, timezoneId: 'Europe/Berlin' });
  await signIn(page, server.url, process.env.AS ?? 'ana@example.com');
  const shots = (process.env.SHOTS ?? 'overview:/,inbox:/inbox,ask:/asks/1,members:/members,profile:/members/chloe,edit:/members/ana/edit,spaces:/spaces,team:/teams/platform,events:/admin/events,settings:/settings').split(',');
  for (const shot of shots) {
    const [name, path] = shot.split(':');
    await page.goto(`${server.url}${path}`);
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`wrote docs/screenshots/${name}.png`);
  }
  if (!process.env.SHOTS) {
    // The Meetings report: the demo calendar's last six weeks against the six before, when
    // the Platform standup still ran (see ops/demo_meetings.rs).
    const day = (weeksBack) => {
      const now = new Date();
      const monday = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()) - ((now.getUTCDay() + 6) % 7) * 86400e3;
      return new Date(monday - weeksBack * 7 * 86400e3).toISOString().slice(0, 10);
    };
    await page.goto(`${server.url}/meetings?from=${day(6)}&to=${day(0)}&baseline_from=${day(12)}&baseline_to=${day(6)}`);
    await page.waitForSelector('#quadrant-chart canvas');
    await page.screenshot({ path: join(out, 'meetings.png'), fullPage: true });
    console.log('wrote docs/screenshots/meetings.png');
  }
} finally {
  await browser.close();
  await server.stop();
}
