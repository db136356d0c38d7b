// Takes the README's screenshots from a demo workspace: `node screenshots.mjs`.
// SHOTS=name:/path,… picks other pages. The demo RFC gets a second revision first, for the diff.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, signIn } from './tests/harness.mjs';
import { fillEarlyMeeting } from './tests/planned-form.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

/** Chloé revises the demo RFC's proposal, as her reply in its discussion promised. */
async function reviseDemoRfc(browser, url) {
  const chloe = await (await browser.newContext()).newPage();
  await signIn(chloe, url, 'chloe@example.com');
  await chloe.goto(`${url}/docs/cache-session-data-in-redis/edit`);
  const body = chloe.getByLabel('Body');
  const text = await body.inputValue();
  await body.fill(text
    .replace('30-minute sliding expiry', '20-minute sliding expiry')
    .replace('If Redis is down we fall back to the database.', 'If Redis is down, reads fall back to the database and nobody is signed out.'));
  await chloe.getByLabel('What changed').fill('Shorter expiry; say what a Redis outage means for users');
  await chloe.getByRole('button', { name: 'Save revision' }).click();
  await chloe.waitForURL(/ok=doc-saved/);
  await chloe.context().close();
}

// Shots that need more than a page load: the editor is shown part-way through an RFC.
const prepare = {
  async editor(page) {
    await page.getByLabel('Title').fill('Retire the v1 export API');
    await page.getByLabel('Intent').fill('Decide when the v1 export API is switched off');
    await page.locator('#lint li.finding[data-rule="required-field"]').first().waitFor();
    await page.locator('#lint li.finding[data-rule="intent"]').waitFor({ state: 'detached' });
  },
  // The register form with a time before two invitees' day starts (sign in as Ben).
  'planned-hours': async (page) => {
    await fillEarlyMeeting(page);
    await page.locator('#register').scrollIntoViewIfNeeded();
  },
};

const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 860 }, timezoneId: 'Europe/Berlin' });
  await signIn(page, server.url, process.env.AS ?? 'ana@example.com');
  await reviseDemoRfc(browser, server.url);
  const documentShots = 'document:/docs/cache-session-data-in-redis,editor:/docs/new?space=design-reviews&kind=rfc,diff:/docs/cache-session-data-in-redis/diff';
  const shots = (process.env.SHOTS ?? `overview:/,inbox:/inbox,ask:/asks/1,members:/members,profile:/members/chloe,edit:/members/ana/edit,spaces:/spaces,team:/teams/platform,events:/admin/events,settings:/settings,search:/search?q=runners,${documentShots}`).split(',');
  for (const shot of shots) {
    const [name, path] = shot.split(/:(.*)/s);
    await page.goto(`${server.url}${path}`);
    // The editor's lint panel fills in after load.
    if (await page.locator('#lint').count()) await page.locator('#lint-result').waitFor();
    await prepare[name]?.(page);
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
