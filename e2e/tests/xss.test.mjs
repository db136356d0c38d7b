// No hostile input runs script: every vector in xss-corpus.mjs goes into a document (body,
// title and intent) and into a comment, and each page that shows it is opened in chromium.
// A page passes when no dialog opened, the `window.__xss` sentinel is unset, nothing
// navigated it away, and its DOM carries no event handler, no script-capable URL and, inside
// user content, no element that could run or load anything (the page's own controls, such as a
// notification's snooze form, sit beside it).
//
// Pages are opened with the CSP switched off, so the sanitiser is tested alone (a payload it
// let through would run), and the pages that gather every vector are opened again as shipped,
// where the CSP must not have had to block anything either. A control test first shows that
// these checks do see the same payloads when they are served unsanitised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, launchBrowser, signIn } from './harness.mjs';
import { vectors } from './xss-corpus.mjs';

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startServer({ demo: true });
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// The sanitiser alone, and the page as shipped. Every single-vector page is checked without
// the CSP, where a payload that got through would run; the pages that gather all the vectors
// are checked both ways.
const bare = { name: 'without CSP', options: { bypassCSP: true } };
const modes = [bare, { name: 'with CSP', options: {} }];

/** A signed-in page that records CSP violations where the inspection can read them. */
async function pageFor(email, options) {
  const context = await browser.newContext(options);
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`);
    });
  });
  const page = await context.newPage();
  await signIn(page, server.url, email);
  return page;
}

/**
 * Runs in the page: everything that shows a payload ran, or could run. `content` selects the
 * parts of the page that hold user input; the rest of the page is the application's own.
 */
function inspect(content) {
  const problems = [];
  if (window.__xss !== undefined) problems.push(`window.__xss was set to ${String(window.__xss)}`);
  for (const v of window.__violations) {
    if (/^(script-src|object-src|frame-src|child-src|base-uri|form-action)/.test(v)) problems.push(`the CSP had to block ${v}`);
  }
  const urlAttributes = new Set(['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'poster', 'background', 'data', 'codebase', 'ping', 'srcdoc']);
  // Browsers ignore whitespace and control characters inside a scheme, so compare without them.
  const risky = (value) => {
    const v = value.replace(/[\u0000-\u0020\u007f-\u009f]+/g, '').toLowerCase();
    return /^(javascript|vbscript|livescript):/.test(v) || (v.startsWith('data:') && !/^data:image\/(png|gif|jpe?g|webp)[;,]/.test(v));
  };
  for (const el of document.querySelectorAll('*')) {
    for (const { name, value } of el.attributes) {
      if (name.startsWith('on')) problems.push(`${name}="${value}" on <${el.localName}>`);
      if (urlAttributes.has(name) && risky(value)) problems.push(`${name}="${value}" on <${el.localName}>`);
    }
  }
  for (const a of document.querySelectorAll('a[href], area[href]')) {
    const { protocol } = new URL(a.href, location.href);
    if (!['http:', 'https:', 'mailto:'].includes(protocol)) problems.push(`a link to ${a.href}`);
  }
  const roots = document.querySelectorAll(content);
  if (roots.length === 0) problems.push(`the page has no ${content}`);
  const forbidden = 'script, style, link, meta, base, iframe, frame, frameset, object, embed, applet, form, button, '
    + 'textarea, select, svg, math, template, noscript, video, audio, source, marquee, xmp, '
    + '[style], [srcdoc], input:not([type="checkbox"])';
  for (const root of roots) {
    for (const el of root.querySelectorAll(forbidden)) problems.push(`<${el.localName}> in user content: ${el.outerHTML.slice(0, 100)}`);
  }
  return problems;
}

/** Lets handlers that fire after load (toggle, focus, media errors) have their turn. */
const settle = (page) => page.evaluate(() => new Promise((resolve) => {
  requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve)));
}));

/**
 * Opens a page and returns what went wrong on it; an empty list means nothing ran. `must` is
 * a selector that shows the hostile content was rendered at all.
 */
async function problemsOn(page, path, content, must = content) {
  const dialogs = [];
  const onDialog = (dialog) => { dialogs.push(`a dialog opened: ${dialog.message()}`); dialog.dismiss().catch(() => {}); };
  page.on('dialog', onDialog);
  try {
    const response = await page.goto(`${server.url}${path}`);
    assert.equal(response.status(), 200, `GET ${path}`);
    await settle(page);
    const moved = new URL(page.url()).pathname !== path.split(/[?#]/)[0] ? [`the page navigated to ${page.url()}`] : [];
    const missing = await page.locator(must).count() === 0 ? [`nothing matches ${must}`] : [];
    return [...dialogs, ...moved, ...missing, ...await page.evaluate(inspect, content)];
  } finally {
    page.off('dialog', onDialog);
  }
}

/** Collects problems per vector so one failure lists every vector that got through. */
function report(found) {
  const failures = found.filter(([, problems]) => problems.length > 0)
    .map(([where, problems]) => `${where}: ${problems.join('; ')}`);
  assert.deepEqual(failures, []);
}

const oneLine = (text) => text.replace(/\s+/g, ' ').trim();
const csrfOf = (page) => page.locator('input[name="csrf"]').first().inputValue();

/** Creates a document through the editor's form post and returns its path. */
async function createDoc(page, { title, intent, body }) {
  const response = await page.request.post(`${server.url}/docs`, {
    form: {
      csrf: await csrfOf(page), space: 'design-reviews', kind: 'handbook', status: 'draft', base: '0',
      title, intent, owner: 'ana', classification: 'internal', tags: '', body,
    },
  });
  const path = new URL(response.url()).pathname;
  assert.equal(response.status(), 200, `creating ${title}`);
  assert.match(path, /^\/docs\/[^/]+$/, `creating ${title} ended at ${response.url()}`);
  return path;
}

/** Starts a thread on a document and returns the thread's path. */
async function comment(page, doc, body) {
  const response = await page.request.post(`${server.url}${doc}/threads`, {
    form: { csrf: await csrfOf(page), anchor: '', body },
  });
  const path = new URL(response.url()).pathname;
  assert.equal(response.status(), 200, `commenting ${body}`);
  assert.match(path, /^\/threads\/\d+$/, `commenting ${body} ended at ${response.url()}`);
  return path;
}

const docContent = 'h1, .intent, #body, .findings, #backlinks, #threads h3, #threads .markdown';

test('the corpus has enough distinct vectors', () => {
  const names = vectors.map((v) => v.name);
  assert.ok(vectors.length >= 30, `only ${vectors.length} vectors`);
  assert.equal(new Set(names).size, names.length, 'vector names are unique');
});

test('the checks notice a payload that is not sanitised', async () => {
  const page = await pageFor('ana@example.com', { bypassCSP: true });
  // The same inspection over raw, unsanitised vectors must see each of them.
  await page.route(`${server.url}/raw/*`, (route) => {
    const name = new URL(route.request().url()).pathname.split('/').pop();
    const vector = vectors.find((v) => v.name === name);
    if (!vector) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ contentType: 'text/html', body: `<!doctype html><main><div id="body">${vector.source}</div></main>` });
  });
  const expected = {
    'img-onerror': /window\.__xss was set to 1/,
    'svg-onload': /window\.__xss was set to 1/,
    'details-ontoggle': /window\.__xss was set to 1/,
    'script-mixed-case': /a dialog opened: 1/,
    'a-javascript-decimal-entities': /href="javascript:alert\(1\)" on <a>/,
    'iframe-srcdoc': /<iframe> in user content/,
    'div-covering-onmouseover': /onmouseover=/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    await page.goto(`${server.url}/`);
    assert.match((await problemsOn(page, `/raw/${name}`, '#body')).join('\n'), pattern, name);
  }
  await page.context().close();
});

test('hostile document bodies, titles and intents render inert', async () => {
  const ana = await pageFor('ana@example.com', {});
  const docs = [];
  for (const [i, { name, source }] of vectors.entries()) {
    const path = await createDoc(ana, {
      title: `XSS ${i + 1} ${name} ${oneLine(source)}`.slice(0, 200),
      intent: oneLine(source).slice(0, 1000),
      body: `## Payload\n\n${source}\n`,
    });
    docs.push([name, path]);
  }
  await ana.context().close();
  // Each vector on its own page, so none can hide another.
  const page = await pageFor('ana@example.com', bare.options);
  const found = [];
  for (const [name, path] of docs) found.push([`${name} ${path}`, await problemsOn(page, path, docContent, '#body #sec-payload')]);
  await page.context().close();
  for (const mode of modes) {
    const list = await pageFor('ana@example.com', mode.options);
    found.push([`${mode.name} /docs`, await problemsOn(list, '/docs', '#documents')]);
    await list.context().close();
  }
  report(found);
});

test('hostile comments render inert on the document, the thread pages and in notifications', async () => {
  const ana = await pageFor('ana@example.com', {});
  const doc = await createDoc(ana, { title: 'Discussion of the corpus', intent: 'Hold hostile comments', body: '## Notes\n\nPlain text.\n' });
  await ana.context().close();
  // Ben writes every vector as a comment and mentions Ana, so each also becomes a notification.
  const ben = await pageFor('ben@example.com', {});
  const threads = [];
  for (const { name, source } of vectors) threads.push([name, await comment(ben, doc, `${source}\n\n@ana`)]);
  await ben.context().close();
  const found = [];
  for (const mode of modes) {
    const page = await pageFor('ana@example.com', mode.options);
    found.push([`${mode.name} ${doc}`, await problemsOn(page, doc, '#threads h3, #threads .markdown')]);
    found.push([`${mode.name} /notifications`, await problemsOn(page, '/notifications', '.notification > h3, .notification > p')]);
    if (mode === bare) {
      for (const [name, path] of threads) found.push([`${name} ${path}`, await problemsOn(page, path, 'h1, .comment .markdown')]);
    }
    await page.context().close();
  }
  report(found);
});

test('the whole corpus typed into the editor stays inert in the live lint, the page and the diff', async () => {
  const corpus = vectors.map((v) => `## ${v.name}\n\n${v.source}\n`).join('\n');
  const ana = await pageFor('ana@example.com', { bypassCSP: true });
  const doc = await createDoc(ana, { title: 'Everything at once', intent: 'Collect the corpus in one body', body: '## Start\n\nNothing yet.\n' });
  const dialogs = [];
  ana.on('dialog', (dialog) => { dialogs.push(dialog.message()); dialog.dismiss().catch(() => {}); });
  await ana.goto(`${server.url}${doc}/edit`);
  await ana.getByLabel('Body').fill(corpus);
  // The lint quotes what it finds; the fragment htmx swaps in must be as inert as a page.
  await ana.locator('#lint li.finding[data-rule="broken-link"]').first().waitFor();
  await settle(ana);
  const found = [['editor with live lint', [...dialogs, ...await ana.evaluate(inspect, '#lint')]]];
  await ana.getByRole('button', { name: 'Save revision' }).click();
  await ana.waitForURL(/ok=doc-saved/);
  for (const mode of modes) {
    const page = await pageFor('ana@example.com', mode.options);
    found.push([`${mode.name} ${doc}`, await problemsOn(page, doc, docContent)]);
    found.push([`${mode.name} diff`, await problemsOn(page, `${doc}/diff?from=1&to=2`, '.diff')]);
    found.push([`${mode.name} history`, await problemsOn(page, `${doc}/history`, '.eyebrow, #revisions td:last-child')]);
    await page.context().close();
  }
  report(found);
  // The diff shows the hostile text as text.
  const page = await pageFor('ana@example.com', {});
  await page.goto(`${server.url}${doc}/diff?from=1&to=2`);
  await page.locator('.diff-line.diff-added', { hasText: '<script>window.__xss=1</script>' }).first().waitFor();
  await page.context().close();
  await ana.context().close();
});
