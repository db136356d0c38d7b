// The foundation seen through a browser: first-run setup, sign-in, working hours, and a
// private space that another member cannot see.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('a fresh workspace walks the first admin through setup, and sign-in works after', async () => {
  const server = await startServer();
  try {
    const page = await browser.newPage();
    await page.goto(server.url);
    await page.waitForURL(/\/setup$/);
    await page.getByLabel('Your name').fill('Rita Admin');
    await page.getByLabel('Email').fill('rita@example.org');
    await page.getByLabel('Time zone').fill('Europe/Lisbon');
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    // The browser's own minlength check keeps the form from going anywhere.
    assert.match(page.url(), /\/setup$/);
    await page.getByLabel('Password').fill('a sturdy passphrase');
    await page.getByRole('button', { name: 'Create admin account' }).click();
    await page.waitForURL(`${server.url}/`);
    assert.match(await page.locator('h1').innerText(), /Good to see you, Rita/);
    assert.match(await page.locator('main').innerText(), /Europe\/Lisbon/);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);
    // Setup is closed once an admin exists.
    await page.goto(`${server.url}/setup`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email').fill('rita@example.org');
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    assert.match(await page.getByRole('alert').innerText(), /do not match/);
    await signIn(page, server.url, 'rita@example.org', 'a sturdy passphrase');
    assert.match(await page.locator('.sidebar').innerText(), /Rita Admin/);
  } finally {
    await server.stop();
  }
});

test('a member edits their working hours and sees the week redrawn', async () => {
  const server = await startServer({ demo: true });
  try {
    const page = await browser.newPage();
    await signIn(page, server.url, 'ben@example.com');
    await page.goto(`${server.url}/members/ben/edit`);
    await page.getByLabel('Working hours on Friday').fill('09:00-13:00');
    await page.getByLabel('Working hours on Saturday').fill('10:00-12:00');
    // The live preview redraws Saturday without a page load.
    await page.locator('#week-preview .week-day:nth-child(7) .week-label small', { hasText: '2h' }).waitFor();
    await page.getByLabel('Working hours on Monday').fill('09:00-12:00, 11:00-13:00');
    await page.getByRole('button', { name: 'Save profile' }).click();
    assert.match(await page.getByRole('alert').innerText(), /overlaps/);
    await page.getByLabel('Working hours on Monday').fill('08:30-12:30, 13:30-17:00');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await page.waitForURL(/\/members\/ben\?ok=profile-saved/);
    assert.match(await page.getByRole('status').innerText(), /Profile saved/);
    const week = await page.locator('.week').innerText();
    assert.match(week, /Fri\s*4h/);
    assert.match(week, /Sat\s*2h/);
  } finally {
    await server.stop();
  }
});

test('a private space is invisible to someone who is not in it', async () => {
  const server = await startServer({ demo: true });
  try {
    const chloe = await (await browser.newContext()).newPage();
    await signIn(chloe, server.url, 'chloe@example.com');
    await chloe.goto(`${server.url}/spaces/new`);
    await chloe.getByLabel('Name').fill('Reorg Planning');
    await chloe.getByLabel('Private — invisible to everyone who is not added').check();
    await chloe.getByRole('button', { name: 'Create space' }).click();
    await chloe.waitForURL(/\/spaces\/reorg-planning/);
    assert.match(await chloe.locator('h1').innerText(), /Reorg Planning/);

    const emi = await (await browser.newContext()).newPage();
    await signIn(emi, server.url, 'emi@example.com');
    await emi.goto(`${server.url}/spaces`);
    const list = await emi.locator('main').innerText();
    assert.ok(!list.includes('Reorg Planning'), 'the private space must not be listed');
    const response = await emi.goto(`${server.url}/spaces/reorg-planning`);
    assert.equal(response.status(), 404);

    // Once added, Emi sees it.
    await chloe.getByLabel('Add person').fill('emi');
    await chloe.getByRole('button', { name: 'Add' }).click();
    await chloe.waitForURL(/ok=member-added/);
    await emi.goto(`${server.url}/spaces`);
    assert.match(await emi.locator('main').innerText(), /Reorg Planning/);
  } finally {
    await server.stop();
  }
});
