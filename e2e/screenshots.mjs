// Takes the README's screenshots from a demo workspace: `node screenshots.mjs`.
// SHOTS=name:/path,… picks other pages; the documents below are written first either way.
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startServer, launchBrowser, signIn } from './tests/harness.mjs';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'screenshots');
mkdirSync(out, { recursive: true });

const rfcBody = (store, criteria) => `## TL;DR

Keep session data in a cache beside each API node, so that signing in no longer depends on the
primary database. A brief read for the platform team; approve or object by the deadline.

## Context

Every request looks its session up in PostgreSQL. At peak that is a third of all queries, and
the [[caching-guidelines]] do not yet say where session data may live.

## Proposal

We will cache sessions in ${store} for ten minutes and write through on every change.

| | today | proposed |
|---|---|---|
| session lookups per request | 1 query | 0 queries (hit) |
| revocation delay | none | none (write-through) |

## Alternatives considered

- **Do nothing.** Load grows with traffic.
- **Signed cookies.** Revocation becomes hard.

## Decision criteria

${criteria}

## Ask

Approve, or object with a reason, before the review window closes.
`;

/** Posts a form as the signed-in page would, and returns where it ended up. */
async function post(page, url, path, form) {
  const csrf = await page.locator('input[name="csrf"]').first().inputValue();
  const response = await page.request.post(`${url}${path}`, { form: { csrf, ...form } });
  if (response.status() !== 200) throw new Error(`POST ${path}: ${response.status()}`);
  return new URL(response.url()).pathname;
}

const draft = (title, intent, kind, body, fields = {}) => ({
  space: 'design-reviews', kind, status: 'draft', base: '0', title, intent, owner: 'ana',
  classification: 'internal', tags: '', body, ...fields,
});

/** Writes the documents the document screenshots show; returns their paths. */
async function writeDocuments(browser, url, ana) {
  await post(ana, url, '/docs', draft('Caching guidelines', 'Say where each kind of cached data may live', 'handbook', '## Overview\n\nWhat may be cached, where, and for how long.\n'));
  const fields = { 'field.deadline': '2031-03-14', 'field.reviewers': 'ben, chloe', tags: 'caching, backend' };
  const rfc = await post(ana, url, '/docs', draft('Cache sessions at the edge', 'Decide where session data lives before the March launch', 'rfc',
    rfcBody('Redis', 'Cost first, then latency.'), fields));
  await post(ana, url, rfc, {
    ...draft('Cache sessions at the edge', 'Decide where session data lives before the March launch', 'rfc',
      rfcBody('process memory', 'Operational cost wins over latency; both must beat today at peak.'), fields),
    base: '1', note: 'Memory instead of Redis; sharper criteria',
  });
  await post(ana, url, `${rfc}/status`, { base: '2', to: 'published' });

  const ben = await (await browser.newContext({ viewport: { width: 1360, height: 860 }, timezoneId: 'Europe/Berlin' })).newPage();
  await signIn(ben, url, 'ben@example.com');
  await ben.goto(`${url}${rfc}`);
  const thread = await post(ben, url, `${rfc}/threads`, {
    anchor: 'proposal',
    body: '@ana what happens to sessions when a node restarts? The [[caching-guidelines]] say memory caches must survive a deploy.',
  });
  await ben.context().close();
  await ana.goto(`${url}${rfc}`);
  await post(ana, url, `${thread}/reply`, { body: 'They are rebuilt from PostgreSQL on the first miss; I will add that to the proposal.' });

  // Half written, so the editor has something to say.
  const half = await post(ana, url, '/docs', draft('Retire the v1 export API', '', 'rfc',
    '## TL;DR\n\nTurn off `/api/v1/export` once every customer has moved to v2.\n\n## Context\n\nThree customers still call v1 weekly.\n\n## Proposal\n\n_[The change you want to make.]_\n'));
  return { rfc, half };
}

const server = await startServer({ demo: true });
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 1360, height: 860 }, timezoneId: 'Europe/Berlin' });
  await signIn(page, server.url, process.env.AS ?? 'ana@example.com');
  const { rfc, half } = await writeDocuments(browser, server.url, page);
  const documentShots = `document:${rfc},editor:${half}/edit,diff:${rfc}/diff?from=1&to=2`;
  const shots = (process.env.SHOTS ?? `overview:/,inbox:/inbox,ask:/asks/1,members:/members,profile:/members/chloe,edit:/members/ana/edit,spaces:/spaces,team:/teams/platform,events:/admin/events,settings:/settings,${documentShots}`).split(',');
  for (const shot of shots) {
    const [name, path] = shot.split(/:(.*)/s);
    await page.goto(`${server.url}${path}`);
    // The editor's lint panel fills in after load.
    if (await page.locator('#lint').count()) await page.locator('#lint-result').waitFor();
    await page.screenshot({ path: join(out, `${name}.png`), fullPage: true });
    console.log(`wrote docs/screenshots/${name}.png`);
  }
} finally {
  await browser.close();
  await server.stop();
}
