// Starts Debian's Chromium through playwright-core for the docs' browser
// tests: headless, no sandbox (CI runs as root), no GPU, nothing that reaches
// the network, and a fresh profile directory deleted on close.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';

/** Debian's chromium (installed in CI by packages/backend-webgpu/scripts/install-lavapipe.sh). */
export const CHROMIUM_PATH = process.env.DENDRITE_CHROMIUM ?? '/usr/bin/chromium';

/** The flags every docs browser test passes. */
export const FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Why the browser tests cannot run here, or null when they can. */
export function chromiumMissingReason(): string | null {
  if (existsSync(CHROMIUM_PATH)) return null;
  return `${CHROMIUM_PATH} is missing (CI installs it with packages/backend-webgpu/scripts/install-lavapipe.sh, as root; or set DENDRITE_CHROMIUM)`;
}

/** A browser with a fresh profile, and how to close both. */
export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with `FLAGS` (plus `extra`, minus `without`) and a new
 * `--user-data-dir`.
 */
export async function launchChromium(extra: readonly string[] = [], without: readonly string[] = []): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'dendrite-docs-chromium-'));
  try {
    // headless: false so Playwright adds no headless flag of its own: FLAGS carries --headless.
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      headless: false,
      args: [...FLAGS.filter((f) => !without.includes(f)), ...extra],
      viewport: { width: 1100, height: 900 },
    });
    return {
      context,
      close: async () => {
        await context.close();
        rmSync(profile, { recursive: true, force: true });
      },
    };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
