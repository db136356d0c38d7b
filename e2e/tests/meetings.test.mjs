// The Meetings page: upload calendars in the browser, read the top recurring meetings with
// their exact person-hours, set a purpose by hand, and find shared hours across zones.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const ymd = (date) => date.toISOString().slice(0, 10).replaceAll('-', '');

/** A recurring event from eight weeks ago, in UTC, with the demo people attending. */
function ics(uid, title, rule, time, minutes, people) {
  const start = new Date(Date.now() - 56 * 86400e3);
  const attendees = people.map((p) => `ATTENDEE;PARTSTAT=ACCEPTED:mailto:${p}@example.com`).join('\r\n');
  return ['BEGIN:VCALENDAR', 'VERSION:2.0', 'BEGIN:VEVENT', `UID:${uid}`, `SUMMARY:${title}`,
    `DTSTART:${ymd(start)}T${time}Z`, `DURATION:PT${minutes}M`, `RRULE:${rule}`, attendees,
    'END:VEVENT', 'END:VCALENDAR', ''].join('\r\n');
}

test('upload calendars, read the top meetings, set a purpose, find shared hours', async () => {
  const server = await startServer({ demo: true });
  try {
    const page = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
    await signIn(page, server.url, 'ana@example.com');
    await page.goto(`${server.url}/meetings`);
    // Start from an empty audit: delete the demo workspace's calendar.
    await page.locator('.calendars-table').getByRole('button', { name: 'Delete' }).click();
    await page.waitForURL(/ok=calendar-deleted/);
    assert.match(await page.locator('main').innerText(), /No calendars yet/);

    const dir = mkdtempSync(join(tmpdir(), 'longhand-ics-'));
    const standup = join(dir, 'standup.ics');
    const review = join(dir, 'review.ics');
    writeFileSync(standup, ics('standup@e2e', 'Platform standup', 'FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR', '083000', 15,
      ['ana', 'ben', 'chloe', 'dev', 'emi', 'farah']));
    writeFileSync(review, ics('review@e2e', 'Design review', 'FREQ=WEEKLY', '100000', 60, ['ana', 'ben', 'chloe', 'dev']));
    await page.locator('input[type="file"][name="calendars"]').setInputFiles([standup, review]);
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.waitForURL(/ok=calendars-uploaded/);
    assert.match(await page.locator('.notice').innerText(), /Calendars uploaded/);

    // The default window is the 28 days before today: 20 standups and 4 reviews.
    // Standup: 20 × 15 min × 6 people = 30 person-hours = 32.5 a month (52/12 weeks).
    // Review: 4 × 60 min × 4 people = 16 person-hours = 17.33 a month.
    const rows = page.locator('#top-series tbody tr');
    assert.equal(await rows.count(), 2);
    const first = await rows.nth(0).innerText();
    const second = await rows.nth(1).innerText();
    assert.match(first, /Platform standup/);
    assert.match(first, /daily · 15 min · 6 people · 20 in the window/);
    assert.equal(await rows.nth(0).locator('.person-hours').innerText(), '32.5');
    assert.match(first, /update/);
    assert.match(first, /title mentions 'standup'/);
    assert.match(second, /Design review/);
    assert.equal(await rows.nth(1).locator('.person-hours').innerText(), '17.33');
    assert.match(second, /decision/);
    // Both charts are drawn.
    assert.equal(await page.locator('#weekly-chart canvas').count(), 1);
    assert.equal(await page.locator('#quadrant-chart canvas').count(), 1);

    // Ana decides the standup is really a working session.
    await rows.nth(0).getByLabel('Purpose of Platform standup').selectOption('work-session');
    await rows.nth(0).getByRole('button', { name: 'Set' }).click();
    await page.waitForURL(/ok=purpose-saved/);
    const changed = await page.locator('#top-series tbody tr').nth(0).innerText();
    assert.match(changed, /work session/);
    assert.match(changed, /set by hand/);

    // Shared hours of Ana (São Paulo), Ben (London) and Chloé (Berlin).
    await page.getByRole('link', { name: 'Find shared hours' }).click();
    for (const name of ['Ana Lima', 'Ben Okafor', 'Chloé Martin']) await page.getByLabel(name).check();
    await page.getByRole('button', { name: 'Find shared hours' }).click();
    const overlap = await page.locator('#overlap').innerText();
    assert.match(overlap, /shared in the week of/);
    assert.match(overlap, /America\/Sao_Paulo/);
    assert.ok(await page.locator('.overlap-table tbody tr').count() >= 1, overlap);
  } finally {
    await server.stop();
  }
});
