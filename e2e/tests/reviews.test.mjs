// Deciding in writing: Chloé opens a review of her RFC, Ben objects with a reason, she revises
// it into round 2, Ben and Dev approve, the window closes, and she publishes the decision
// record from the synthesis page — superseding an older decision, which says so too. The
// decision then stands in the log, with the rounds that led to it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const rfc = '/docs/cache-session-data-in-redis';

async function person(url, email) {
  const page = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
  await signIn(page, url, email);
  return page;
}

/** Gives a verdict (`approve`, `object`, …) on the RFC's open round, with a reason or comment. */
async function verdict(page, url, choice, reason = '') {
  await page.goto(`${url}${rfc}`);
  await page.locator(`#verdict-form input[name="verdict"][value="${choice}"]`).check();
  await page.locator('#verdict-form').getByLabel('Reason or comments').fill(reason);
  await page.getByRole('button', { name: 'Give verdict' }).click();
  await page.waitForURL(/ok=verdict-saved/);
}

/** The owner closes the window once everyone asked has answered. */
async function closeWindow(page, url) {
  await page.goto(`${url}${rfc}`);
  await page.getByRole('button', { name: 'Close the window now' }).click();
  await page.waitForURL(/ok=round-closed/);
}

test('a proposal goes through two rounds of review to a published decision record', async () => {
  const server = await startServer({ demo: true });
  try {
    const chloe = await person(server.url, 'chloe@example.com');
    const ben = await person(server.url, 'ben@example.com');
    const dev = await person(server.url, 'dev@example.com');

    await chloe.goto(`${server.url}${rfc}`);
    const open = chloe.locator('#open-review');
    assert.equal(await open.getByLabel('Reviewers').inputValue(), 'ben, dev', 'from the RFC\'s reviewers field');
    await open.getByLabel('Deciders').fill('');
    await open.getByLabel('Window').fill('3d');
    await chloe.getByRole('button', { name: 'Open the review' }).click();
    await chloe.waitForURL(/ok=review-opened/);
    assert.equal(await chloe.locator('#round-state').innerText(), 'open');
    assert.match(await chloe.locator('#closes').innerText(), /your time/);

    // The verdict form refuses an objection without a reason, then takes one with it.
    await ben.goto(`${server.url}${rfc}`);
    await ben.getByRole('radio', { name: /^Object/ }).check();
    await ben.getByRole('button', { name: 'Give verdict' }).click();
    await ben.locator('.error[role="alert"]').waitFor();
    assert.match(await ben.locator('.error[role="alert"]').innerText(), /an objection blocks the decision, so it needs a reason/);
    await verdict(ben, server.url, 'object', 'A Redis outage would sign everyone out.');
    await verdict(dev, server.url, 'approve');

    await closeWindow(chloe, server.url);
    assert.match(await chloe.locator('#rules').innerText(), /Accept: not yet — the deciders are split 1 to 1/);
    await chloe.getByRole('button', { name: 'Revise and open round 2' }).click();
    await chloe.waitForURL(/ok=round-revised/);
    assert.match(await chloe.locator('#review h3').first().innerText(), /Round 2/);
    assert.match(await chloe.locator('#round-history').innerText(), /Round 1\s+revised/);

    await verdict(ben, server.url, 'approve_with_comments', 'The fallback answers my objection.');
    await verdict(dev, server.url, 'approve');
    await closeWindow(chloe, server.url);

    await chloe.getByRole('link', { name: 'Write the synthesis' }).click();
    await chloe.waitForURL(/\/rounds\/2\/synthesis$/);
    assert.match(await chloe.locator('#approvals').innerText(), /@ben — The fallback answers my objection\./);
    assert.equal(await chloe.getByLabel('Accepted').isChecked(), true, 'accepting is what the rules allow');
    await chloe.getByLabel('Supersedes').fill('use-postgresql-for-shared-deployments');
    await chloe.getByRole('button', { name: 'Publish the decision record' }).click();
    await chloe.waitForURL(/ok=decision-published/);
    assert.equal(await chloe.locator('#status').innerText(), 'accepted');
    assert.match(await chloe.locator('.fields').innerText(), /Supersedes\s+use-postgresql-for-shared-deployments/);
    assert.match(await chloe.locator('#review').innerText(), /Published from round 2 of the review of Cache session data in Redis: accepted/);
    const record = new URL(chloe.url()).pathname;

    await ben.goto(`${server.url}/docs/use-postgresql-for-shared-deployments`);
    assert.equal(await ben.locator('#status').innerText(), 'superseded');
    assert.match(await ben.locator('.fields').innerText(), new RegExp(`Superseded by\\s+${record.replace('/docs/', '')}`));
    await ben.goto(`${server.url}/notifications`);
    assert.match(await ben.locator('main').innerText(), /Decided: “Cache session data in Redis” is accepted/);

    // The log lists it; its page says what it replaced, and how the review went.
    const slug = record.replace('/docs/', '');
    await ben.goto(`${server.url}/decisions`);
    const row = ben.locator('#decisions tr', { has: ben.locator(`td:first-child > a[href="/decisions/${slug}"]`) });
    assert.match(await row.innerText(), /Cache session data in Redis[\s\S]*Supersedes Use PostgreSQL for shared deployments[\s\S]*accepted/);
    await row.locator(`td:first-child > a[href="/decisions/${slug}"]`).click();
    await ben.waitForURL(`${server.url}/decisions/${slug}`);
    assert.equal(await ben.locator('#status').innerText(), 'accepted');
    assert.match(await ben.locator('#supersedes').innerText(), /Use PostgreSQL for shared deployments\s+superseded/);
    const history = ben.locator('#rounds');
    assert.match(await history.locator('h3').first().innerText(), /Round 1\s+revised/);
    assert.match(await history.locator('#round-1').innerText(), /Ben Okafor\s+reviewer\s+objects\s+A Redis outage would sign everyone out\./);
    assert.match(await history.locator('#round-1 .round-ending').innerText(), /closed early on .* 2\d{3} \d\d:\d\d, once everyone deciding had answered; revised into round 2/);
    assert.match(await history.locator('#round-2').innerText(), /Round 2\s+decided\s+accepted[\s\S]*The fallback answers my objection\./);

    await ben.locator('#supersedes a').click();
    await ben.waitForURL(`${server.url}/decisions/use-postgresql-for-shared-deployments`);
    assert.equal(await ben.locator('#status').innerText(), 'superseded');
    assert.match(await ben.locator('#superseded-by').innerText(), /Cache session data in Redis/);
    assert.equal(await ben.locator('#rounds').count(), 0, 'a record written by hand has no review history');

    // The proposal's page leads to the record in the log.
    await ben.goto(`${server.url}${rfc}`);
    await ben.locator('#decision-log').getByRole('link', { name: 'Cache session data in Redis' }).click();
    await ben.waitForURL(`${server.url}/decisions/${slug}`);
  } finally {
    await server.stop();
  }
});
