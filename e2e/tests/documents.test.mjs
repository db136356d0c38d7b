// Writing in the open: Ana drafts an RFC from the template while the completeness lint tells
// her what is missing, publishing waits for the errors to go, a second revision shows up in the
// word-level diff, and Ben's comment on a section reaches Ana, links a document and reports a
// mention of nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';

let browser;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });

const finding = (page, rule) => page.locator(`#lint li.finding[data-rule="${rule}"]`);

// The RFC body as Ana first saves it: every required section but the decision criteria.
const firstDraft = `## TL;DR

We propose to keep session data in a cache next to each API node, so sign-in stops
depending on the primary database. This is a brief read for the platform team.

## Context

Every request looks its session up in PostgreSQL; at peak this is a third of all queries.

## Proposal

We will cache sessions in Redis for ten minutes and write through on change.

## Alternatives considered

Doing nothing keeps the load growing with traffic; signed cookies make revocation hard.

## Decision criteria

_[How this will be decided: the two to four properties that matter most.]_

## Ask

Approve, or object with a reason, before the review window closes.
`;

// The second revision: a different store in the proposal, and real decision criteria.
const secondDraft = firstDraft
  .replace('We will cache sessions in Redis for ten minutes', 'We will cache sessions in memory for ten minutes')
  .replace('_[How this will be decided: the two to four properties that matter most.]_',
    'Operational cost wins over latency; both must beat today at peak.');

/** Opens the template chooser, picks a space and a template card, and lands in the editor. */
async function openEditor(page, url, spaceName, templateName) {
  await page.goto(`${url}/docs/new`);
  await page.getByLabel('Space').selectOption({ label: spaceName });
  await page.getByRole('button', { name: 'Show its templates' }).click();
  await page.waitForURL(/\/docs\/new\?space=/);
  await page.getByRole('link', { name: new RegExp(templateName) }).click();
  await page.waitForURL(/\/docs\/new\?space=[^&]+&kind=/);
}

test('an RFC is written against the live lint, published once complete, discussed and diffed', async () => {
  const server = await startServer({ demo: true });
  try {
    const ana = await (await browser.newContext()).newPage();
    await signIn(ana, server.url, 'ana@example.com');

    // A page the RFC discussion will link to.
    await openEditor(ana, server.url, 'Design Reviews', 'Handbook page');
    await ana.getByLabel('Title').fill('Caching guidelines');
    await ana.getByLabel('Intent').fill('Say where each kind of cached data may live');
    await ana.getByRole('button', { name: 'Save draft' }).click();
    await ana.waitForURL(/\/docs\/[^/?]+\?ok=doc-saved$/);
    const guidelines = new URL(ana.url()).pathname;

    await openEditor(ana, server.url, 'Design Reviews', 'RFC / design proposal');
    assert.match(await ana.locator('h1').innerText(), /New RFC \/ design proposal/);
    const body = ana.getByLabel('Body');
    assert.match(await body.inputValue(), /^## TL;DR/, 'the body starts from the template skeleton');
    // The panel checks on load, before anything is typed: the template's sections are still
    // only guidance.
    await finding(ana, 'required-section').first().waitFor();

    // A title alone leaves the template's fields and sections to do.
    await ana.getByLabel('Title').fill('Cache sessions at the edge');
    for (const rule of ['intent', 'required-field', 'required-section']) await finding(ana, rule).first().waitFor();
    assert.match(await finding(ana, 'required-field').allInnerTexts().then((t) => t.join('\n')), /deadline[\s\S]*reviewers/);

    await ana.getByLabel('Intent').fill('Decide where session data lives before the March launch');
    await finding(ana, 'intent').waitFor({ state: 'detached' });
    await ana.getByLabel('deadline').fill('2031-03-14');
    await ana.getByLabel('reviewers').fill('ben, chloe');
    await finding(ana, 'required-field').first().waitFor({ state: 'detached' });

    await body.fill(firstDraft);
    await finding(ana, 'required-section').filter({ hasText: 'Context' }).waitFor({ state: 'detached' });
    // Only the decision criteria are left as template guidance.
    const errors = ana.locator('#lint li.finding-error');
    assert.equal(await errors.count(), 1, await ana.locator('#lint').innerText());
    assert.match(await errors.innerText(), /Decision criteria/);
    await ana.getByRole('button', { name: 'Save draft' }).click();
    await ana.waitForURL(/\/docs\/[^/?]+\?ok=doc-saved$/);
    const rfc = new URL(ana.url()).pathname;

    // Saved and rendered, but publishing is refused while the lint has an error.
    assert.equal(await ana.locator('#body h2#sec-proposal').innerText(), 'Proposal');
    assert.match(await ana.locator('#status').innerText(), /draft/);
    const completeness = ana.locator('section.panel', { has: ana.getByRole('heading', { name: 'Completeness' }) });
    assert.match(await completeness.locator('li.finding[data-rule="required-section"]').innerText(), /Decision criteria/);
    await ana.getByRole('button', { name: 'Mark published' }).click();
    const refusal = ana.locator('p.error[role="alert"]');
    assert.match(await refusal.innerText(), /cannot make this document published: the lint reports 1 error[\s\S]*"Decision criteria"/);
    assert.match(await ana.locator('#status').innerText(), /draft/);

    // Second revision: the lint clears completely in the editor.
    await ana.goto(`${server.url}${rfc}/edit`);
    await ana.getByLabel('Body').fill(secondDraft);
    await ana.getByLabel('What changed').fill('Memory instead of Redis; criteria written');
    await ana.locator('#lint .lint-clean', { hasText: 'Complete.' }).waitFor();
    await ana.getByRole('button', { name: 'Save revision' }).click();
    await ana.waitForURL(`${server.url}${rfc}?ok=doc-saved`);
    assert.match(await ana.locator('header').innerText(), /revision 2/);
    await ana.getByRole('button', { name: 'Mark published' }).click();
    await ana.waitForURL(/ok=doc-status/);
    assert.match(await ana.locator('#status').innerText(), /published/);
    assert.match(await completeness.innerText(), /Complete\./);
    assert.equal(await ana.locator('p.error').count(), 0);

    // History: compare revision 1 with 2; the changed words are marked, the rest is not.
    await ana.goto(`${server.url}${rfc}/history`);
    await ana.getByLabel('Compare from revision 1').check();
    await ana.getByLabel('Compare to revision 2').check();
    await ana.getByRole('button', { name: 'Compare' }).click();
    await ana.waitForURL(/\/diff\?/);
    const compared = new URL(ana.url()).searchParams;
    assert.deepEqual([compared.get('from'), compared.get('to')], ['1', '2']);
    const removed = await ana.locator('.diff-line.diff-removed del').allInnerTexts();
    const added = await ana.locator('.diff-line.diff-added ins').allInnerTexts();
    assert.ok(removed.some((w) => w.includes('Redis')), `removed words: ${removed}`);
    assert.ok(added.some((w) => w.includes('memory')), `added words: ${added}`);
    assert.ok(!added.concat(removed).some((w) => w.includes('cache sessions')), 'unchanged words are not highlighted');
    const changedLine = ana.locator('.diff-line.diff-added', { hasText: 'in memory' });
    assert.match(await changedLine.innerText(), /We will cache sessions in memory for ten minutes/);
    // A line rewritten from scratch is shown whole, old against new.
    await ana.locator('.diff-line.diff-removed', { hasText: 'How this will be decided' }).waitFor();
    await ana.locator('.diff-line.diff-added', { hasText: 'Operational cost wins over latency' }).waitFor();

    // Ben comments on the Proposal section, mentioning Ana and someone who does not exist.
    const ben = await (await browser.newContext()).newPage();
    await signIn(ben, server.url, 'ben@example.com');
    await ben.goto(`${server.url}${rfc}`);
    // An empty comment is refused next to the form it came from.
    await ben.getByLabel('Comment').fill('   ');
    await ben.getByRole('button', { name: 'Comment' }).click();
    await ben.waitForURL(/thread_error=/);
    assert.match(await ben.locator('#new-thread [role="alert"]').innerText(), /write something first/);
    await ben.getByLabel('On section').selectOption({ label: 'Proposal' });
    const guidelinesSlug = guidelines.split('/').pop();
    await ben.getByLabel('Comment').fill(`@ana does this match [[${guidelinesSlug}]]? Ask @nobody-here too.`);
    await ben.getByRole('button', { name: 'Comment' }).click();
    await ben.waitForURL(/\/threads\/\d+\?unknown=/);
    const thread = new URL(ben.url()).pathname;
    assert.match(await ben.getByRole('alert').innerText(), /Nobody is called @nobody-here/);
    assert.equal(await ben.locator('.eyebrow a', { hasText: '§ Proposal' }).getAttribute('href'), `${rfc}#sec-proposal`);
    // The [[slug]] link goes to the document wherever the comment is shown.
    const link = ben.locator('.comment .markdown a', { hasText: guidelinesSlug });
    assert.equal(new URL(await link.evaluate((a) => a.href)).pathname, guidelines);

    // On the RFC, the thread is listed against that section, which exists in the body.
    await ben.goto(`${server.url}${rfc}`);
    const listed = ben.locator(`#threads article.thread:has(a[href="${thread}"])`);
    assert.match(await listed.innerText(), /on § Proposal[\s\S]*does this match/);
    assert.equal(await listed.locator('a[href="#sec-proposal"]').count(), 1);
    assert.equal(await ben.locator('#body #sec-proposal').count(), 1);
    assert.equal(new URL(await listed.locator('.markdown a', { hasText: guidelinesSlug }).evaluate((a) => a.href)).pathname, guidelines);

    // Ana is told; the guidelines page shows where it is linked from.
    await ana.goto(`${server.url}/notifications`);
    const note = ana.locator('.notification', { hasText: 'Ben Okafor mentioned you' });
    assert.match(await note.innerText(), /Cache sessions at the edge/);
    await note.getByRole('link').click();
    await ana.waitForURL(new RegExp(`${thread}#c\\d+$`));
    await ana.goto(`${server.url}${guidelines}`);
    assert.match(await ana.locator('#backlinks').innerText(), /Cache sessions at the edge/);
  } finally {
    await server.stop();
  }
});
