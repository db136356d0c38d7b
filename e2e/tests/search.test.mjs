// Searching from the keyboard in the demo workspace: `/` focuses the navigation's quick box,
// typing shows options (a combobox with a listbox), ↓ and Enter open one, Enter alone opens
// the full results; on the search page `/` focuses its own box, j/k move between results
// (never while typing) and Enter opens the focused one through the recorded redirect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const activeId = (page) => page.evaluate(() => document.activeElement?.id ?? '');
const activeHref = (page) => page.evaluate(() => document.activeElement?.getAttribute('href') ?? '');

test('the quick box and the search page work from the keyboard', async () => {
  const server = await startServer({ demo: true });
  try {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, server.url, 'ana@example.com');

    // `/` on a page without its own search box focuses the quick box.
    await page.keyboard.press('/');
    assert.equal(await activeId(page), 'quick-q');
    const box = page.locator('#quick-q');
    assert.equal(await box.getAttribute('role'), 'combobox');
    assert.equal(await box.getAttribute('aria-expanded'), 'false');

    await page.keyboard.type('runners');
    const options = page.locator('#quick-results [role="option"]');
    await page.locator('#quick-results').waitFor({ state: 'visible' });
    await options.first().waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    assert.equal(await box.getAttribute('aria-controls'), 'quick-results');
    assert.equal(await page.locator('#quick-results').getAttribute('role'), 'listbox');
    const titles = await page.locator('#quick-results .quick-title').allInnerTexts();
    assert.ok(titles.some((t) => /runners/i.test(t)), `a runners result among ${titles}`);
    assert.match(await options.last().innerText(), /See all results for “runners”/);

    // ↓ makes the first option active; ↑ from it wraps to "See all results".
    await page.keyboard.press('ArrowDown');
    const first = options.first();
    assert.equal(await first.getAttribute('aria-selected'), 'true');
    assert.equal(await box.getAttribute('aria-activedescendant'), await first.getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    assert.equal(await options.last().getAttribute('aria-selected'), 'true');
    await page.keyboard.press('ArrowDown');
    const href = await first.locator('a').getAttribute('href');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}${href}`);

    // Enter with no option chosen opens the full results.
    await page.keyboard.press('/');
    await page.keyboard.type('runners');
    await options.first().waitFor();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=runners$/);
    assert.ok(await page.locator('.search-hit').count() >= 2, 'several results');
    assert.ok(await page.locator('.search-hit mark').count() >= 1, 'matches are marked');

    // On the search page `/` focuses the page's own box, and j typed there is just text.
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.equal(await activeId(page), 'search-q');
    await page.keyboard.press('End');
    await page.keyboard.type(' j');
    assert.equal(await page.locator('#search-q').inputValue(), 'runners j');
    assert.equal(await activeId(page), 'search-q');
    await page.locator('#search-q').fill('runners');

    // j/k and the arrows move between results once the box is left.
    await page.locator('h1').click();
    const links = page.locator('.search-hit .hit-link');
    await page.keyboard.press('j');
    assert.equal(await activeHref(page), await links.nth(0).getAttribute('href'));
    await page.keyboard.press('j');
    assert.equal(await activeHref(page), await links.nth(1).getAttribute('href'));
    await page.keyboard.press('k');
    assert.equal(await activeHref(page), await links.nth(0).getAttribute('href'));
    await page.keyboard.press('ArrowDown');
    const chosen = await links.nth(1).getAttribute('href');
    assert.equal(await activeHref(page), chosen);
    assert.match(chosen, /^\/search\/open\?s=\d+&to=/);

    // Enter opens it through the recorder, which sends the browser to the result itself.
    const to = new URL(chosen, server.url).searchParams.get('to');
    await page.keyboard.press('Enter');
    await page.waitForURL((url) => url.pathname === to.split('#')[0]);
  } finally {
    await server.stop();
  }
});
