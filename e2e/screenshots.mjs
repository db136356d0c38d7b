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
} finally {
  await browser.close();
  await server.stop();
}
