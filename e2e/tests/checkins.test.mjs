// Check-ins: Emi (Tokyo) answers her Product check-in with a blocker Farah (New York) owns,
// the team page shows her blocked, Farah unblocks it from the manager's blocker view, and
// the news waits in Emi's digest preview.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('answer a check-in with a blocker, see it on the team page, unblock it as its owner, and read the digest preview', async () => {
  const server = await startServer({ demo: true });
  try {
    const emi = await (await browser.newContext({ timezoneId: 'Asia/Tokyo' })).newPage();
    await signIn(emi, server.url, 'emi@example.com');
    await emi.goto(`${server.url}/checkins/product`);
    await emi.getByLabel('Done', { exact: true }).fill('Sketched the new onboarding flow.');
    await emi.getByLabel('Next', { exact: true }).fill('Test it with two customers.');
    await emi.locator('textarea[name="blockers"]').fill('Need the onboarding survey results @farah');
    await emi.getByRole('button', { name: /Check in|Save changes/ }).click();
    await emi.waitForURL(/\/checkins\/product\?ok=checkin-saved/);
    const form = await emi.locator('main').innerText();
    assert.match(form, /Check-in saved/);
    assert.match(form, /Need the onboarding survey results/);

    await emi.goto(`${server.url}/teams/product`);
    const row = emi.locator('#checkins tr[data-handle="emi"]');
    assert.match(await row.innerText(), /answered/);
    assert.match(await row.innerText(), /Need the onboarding survey results/);
    assert.match(await emi.locator('#checkin-counts').innerText(), /1 blocked/);

    const farah = await (await browser.newContext({ timezoneId: 'America/New_York' })).newPage();
    await signIn(farah, server.url, 'farah@example.com');
    await farah.goto(`${server.url}/blockers?team=product`);
    const blocker = farah.locator('tr', { hasText: 'Need the onboarding survey results' });
    assert.match(await blocker.innerText(), /Emi Tanaka/);
    await blocker.getByRole('button', { name: 'Unblocked' }).click();
    await farah.waitForURL(/\/blockers\?ok=blocker-resolved/);
    assert.doesNotMatch(await farah.locator('main').innerText(), /Need the onboarding survey results/);

    await emi.goto(`${server.url}/teams/product`);
    assert.doesNotMatch(await emi.locator('#checkins tr[data-handle="emi"]').innerText(), /Need the onboarding survey results/);
    // The resolution is not urgent: it waits for Emi's digest, which she can preview.
    await emi.goto(`${server.url}/digest`);
    const digest = await emi.locator('main').innerText();
    assert.match(digest, /Farah Haddad marked your blocker unblocked/);
    assert.match(digest, /The next one goes/);
    await emi.goto(`${server.url}/notifications`);
    assert.match(await emi.locator('main').innerText(), /Farah Haddad marked your blocker unblocked/);
  } finally {
    await server.stop();
  }
});
