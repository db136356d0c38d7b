// Registering a meeting on the meeting gate with people's hours: the form warns, as it is
// filled, who the time does not suit (with their local time), one click applies the nearest
// slot that suits everyone, and the meeting page shows everyone's time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';
import { nextMonday, fillEarlyMeeting } from './planned-form.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('an out-of-hours meeting is warned about, moved to the suggested slot and registered', async () => {
  const server = await startServer({ demo: true });
  try {
    const page = await (await browser.newContext({ timezoneId: 'Europe/London' })).newPage();
    await signIn(page, server.url, 'ben@example.com');
    await page.goto(`${server.url}/meetings/planned`);
    await fillEarlyMeeting(page);
    const warning = await page.locator('#hours-check').innerText();
    // Ben works 08:30–12:30 and 13:30–17:00 in London, Chloé 09:00–17:30 in Berlin (focus
    // 13:00–16:00), Dev 10:00–13:00 and 14:00–19:00 in Kolkata: 07:00 London is 12:30 for Dev,
    // and 50 minutes run into his lunch.
    assert.match(warning, /Ben Okafor — 07:00 Mon in London, before their hours \(08:30–12:30, 13:30–17:00\)/);
    assert.match(warning, /Chloé Martin — 08:00 Mon in Berlin, before their hours \(09:00–17:30\)/);
    assert.match(warning, /Dev Patel — 12:30 Mon in Kolkata, running past the end of their hours \(10:00–13:00, 14:00–19:00\)/);
    assert.match(warning, /Nearest time that suits everyone: Mon \d+ \w+ 08:30 your time/);

    await page.getByRole('button', { name: 'Use this time' }).click();
    await page.locator('#hours-check [data-hours="inside"]').waitFor();
    assert.equal(await page.getByLabel(/^Starts/).inputValue(), `${nextMonday()}T08:30`);
    assert.equal(await page.getByLabel('Title').inputValue(), 'Release readiness', 'the rest of the form is kept');

    await page.getByRole('button', { name: 'Register' }).click();
    await page.waitForURL(/\/meetings\/planned\/\d+$/);
    const times = await page.locator('#local-times').innerText();
    assert.match(times, /Dev Patel/);
    assert.match(times, /Kolkata/);
    assert.match(times, /Berlin/);
    assert.doesNotMatch(times, /⚠/, 'the suggested slot suits everyone');
    assert.equal(await page.locator('[data-hours="outside"]').count(), 0);
  } finally {
    await server.stop();
  }
});
