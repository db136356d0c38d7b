// Asking across time zones: the due time shows in both local times, and answering from the
// other account stops the clock.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

test('ask a teammate in another time zone, see both local due times, and answer it', async () => {
  const server = await startServer({ demo: true });
  try {
    // Chloé (Berlin) asks Dev (Kolkata) for a review.
    const chloe = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
    await signIn(chloe, server.url, 'chloe@example.com');
    await chloe.goto(`${server.url}/asks/new`);
    await chloe.getByLabel('To').fill('dev');
    await chloe.getByLabel('What you need').selectOption('review');
    await chloe.getByLabel('Urgency').selectOption('urgent');
    await chloe.getByLabel('Title').fill('Review the rate limiter change');
    await chloe.getByRole('button', { name: 'Send ask' }).click();
    await chloe.waitForURL(/\/asks\/\d+$/);
    const askUrl = chloe.url();
    const clock = await chloe.locator('.dl').innerText();
    assert.match(clock, /Due, your time/);
    assert.match(clock, /Due, Dev's time/);
    assert.match(clock, /4 business hours/);
    // The two local due times differ by Kolkata's offset from Berlin (3h30 or 4h30).
    const [mine, theirs] = await chloe.locator('.dl dd.tabular').allInnerTexts();
    const minutes = (text) => { const [h, m] = text.slice(-5).split(':').map(Number); return h * 60 + m; };
    const diff = ((minutes(theirs) - minutes(mine)) % 1440 + 1440) % 1440;
    assert.ok(diff === 210 || diff === 270, `Kolkata is 3h30 or 4h30 ahead of Berlin, got ${mine} vs ${theirs}`);

    // Dev sees it in his inbox with the count in the navigation, and answers.
    const dev = await (await browser.newContext({ timezoneId: 'Asia/Kolkata' })).newPage();
    await signIn(dev, server.url, 'dev@example.com');
    assert.match(await dev.getByRole('link', { name: /Inbox/ }).innerText(), /Inbox\s*1/);
    await dev.goto(`${server.url}/inbox`);
    assert.match(await dev.locator('main').innerText(), /Review the rate limiter change/);
    await dev.goto(askUrl);
    await dev.getByLabel('Comment').fill('Looks good; ship it behind the flag.');
    await dev.getByRole('button', { name: 'Approve' }).click();
    await dev.waitForURL(askUrl);
    assert.match(await dev.locator('header .badge').innerText(), /answered/);

    // Chloé sees the clock stopped and is notified.
    await chloe.goto(askUrl);
    const page = await chloe.locator('main').innerText();
    assert.match(page, /approve/);
    assert.match(page, /Looks good; ship it behind the flag/);
    assert.doesNotMatch(page, /Business time left/);
    await chloe.goto(`${server.url}/notifications`);
    assert.match(await chloe.locator('main').innerText(), /Dev Patel answered: Review the rate limiter change/);
  } finally {
    await server.stop();
  }
});

/** A wall-clock time in `zone`, `hours` from now, as a datetime-local value. */
function localIn(zone, hours) {
  const at = new Date(Date.now() + hours * 3600_000);
  const text = new Intl.DateTimeFormat('sv-SE', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).format(at);
  return text.replace(' ', 'T');
}

test('a needed-by sooner than the target warns, a past one is refused, and an away person is one click from a teammate', async () => {
  const server = await startServer({ demo: true });
  try {
    const chloe = await (await browser.newContext({ timezoneId: 'Europe/Berlin' })).newPage();
    await signIn(chloe, server.url, 'chloe@example.com');
    const ask = async (title, neededBy) => {
      await chloe.goto(`${server.url}/asks/new`);
      await chloe.getByLabel('To').fill('dev');
      await chloe.getByLabel('Urgency').selectOption('normal');
      await chloe.getByLabel('Title').fill(title);
      // The picker refuses past times itself; drop its minimum to reach the server's check.
      await chloe.locator('input[name=needed_by]').evaluate((input) => input.removeAttribute('min'));
      await chloe.getByLabel('Needed by').fill(neededBy);
      await chloe.getByRole('button', { name: 'Send ask' }).click();
    };

    await ask('Numbers for the board deck', '2020-01-06T10:00');
    assert.match(await chloe.getByRole('alert').innerText(), /"needed by" must be later than now/);
    assert.equal(await chloe.getByLabel('Title').inputValue(), 'Numbers for the board deck', 'the form keeps what was typed');

    // Two hours from now is sooner than one business day in Dev's calendar: allowed, flagged.
    await ask('Numbers for the board deck', localIn('Europe/Berlin', 2));
    await chloe.waitForURL(/\/asks\/\d+$/);
    const clock = await chloe.locator('.dl').innerText();
    assert.match(clock, /Needed by, your time/);
    assert.match(clock, /Needed by, Dev's time/);
    assert.match(await chloe.getByRole('note').innerText(), /You need this before the 1 business day target makes it due/);
    await chloe.goto(`${server.url}/inbox`);
    assert.match(await chloe.locator('main').innerText(), /needed by .*, sooner than due/);

    // Gus (Sydney) is on time off in the demo; Ben asked him for a review.
    const ben = await (await browser.newContext({ timezoneId: 'Europe/London' })).newPage();
    await signIn(ben, server.url, 'ben@example.com');
    await ben.goto(`${server.url}/inbox`);
    await ben.getByRole('link', { name: 'Review the staging failover runbook' }).click();
    const note = await ben.getByRole('region', { name: 'The person asked is away' }).innerText();
    assert.match(note, /Gus is away until \w{3} \d+ \w{3}; this ask is due .* Sydney time\./);
    const button = ben.getByRole('button', { name: /^Reassign to / });
    const teammate = (await button.innerText()).replace('Reassign to ', '');
    await button.click();
    await ben.waitForURL(/\/asks\/\d+$/);
    assert.match(await ben.locator('header').innerText(), new RegExp(`Ben Okafor asked ${teammate}`));
    assert.equal(await ben.getByRole('region', { name: 'The person asked is away' }).count(), 0);
  } finally {
    await server.stop();
  }
});
