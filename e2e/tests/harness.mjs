// Starts a real Longhand server on a free port with a fresh data directory, and a headless
// Debian chromium driven by playwright-core. Nothing here downloads a browser.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = process.env.LONGHAND_BIN ?? join(root, 'target', 'debug', 'longhand');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** Runs `longhand serve` and resolves once it prints the address it listens on. */
export async function startServer({ demo = false, databaseUrl } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'longhand-e2e-'));
  const args = ['serve', '--data-dir', dataDir, '--listen', '127.0.0.1:0'];
  if (demo) args.push('--demo');
  if (databaseUrl) args.push('--database-url', databaseUrl);
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LONGHAND_LOG: 'warn' } });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk) => {
      output += chunk;
      const match = /running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) { clearTimeout(timer); resolve(match[1]); }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited with ${code}:\n${output}`)); });
  });
  child.removeAllListeners('exit');
  return {
    url,
    dataDir,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Launches headless chromium with the flags this sandbox needs. */
export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Signs in through the login form. */
export async function signIn(page, url, email, password = 'longhand-demo') {
  await page.goto(`${url}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${url}/`);
}
