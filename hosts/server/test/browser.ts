/**
 * Shared pieces of the browser tests: Debian's chromium driven by playwright-core (browsers are never
 * downloaded), and the axe-core scan injected by hand.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type Frame, type Page, type Route } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Whether the suite can run: chromium is there; on CI its absence fails the suite instead of skipping it. */
export const browserAvailable = existsSync(CHROMIUM);
export const mustRunBrowser = browserAvailable || process.env.CI === 'true';

/** Says loudly that a browser suite is skipped (only outside CI). */
export const warnSkipped = (what: string) => {
  if (!mustRunBrowser)
    console.warn(
      `\n${'!'.repeat(80)}\n!!! SKIPPED: ${what}\n!!! Reason: ${CHROMIUM} is missing (apt-get install -y chromium)\n!!! It is NOT being checked in a browser.\n${'!'.repeat(80)}\n`,
    );
};

/** Starts headless chromium with the flags this machine needs (no network of its own), plus `extraArgs`. */
export const launchBrowser = (extraArgs: readonly string[] = []): Promise<Browser> => {
  if (!browserAvailable) throw new Error(`${CHROMIUM} is missing and CI=true: install it (apt-get install -y chromium)`);
  return chromium.launch({ executablePath: CHROMIUM, args: [...ARGS, ...extraArgs], headless: true, timeout: 20_000 });
};

/** axe-core's source, evaluated in the page through the DevTools protocol, so the page's strict CSP need not be bypassed. */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly nodes: readonly { readonly target: readonly string[] }[];
}

/**
 * Runs axe-core in the page (or frame) and answers the serious and critical violations, and those of the rules
 * `alsoRules` names whatever their impact (a moderate one a screen is checked for: `page-has-heading-one`).
 */
export const seriousAxeViolations = async (target: Page | Frame, alsoRules: readonly string[] = []): Promise<AxeViolation[]> => {
  await target.evaluate(AXE_SOURCE);
  const violations = await target.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run(document)).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target })),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical' || alsoRules.includes(v.id));
};

/**
 * Answers the page's requests whose address `matches` as a server that cannot reach its database would
 * (503 problem+json `storage_unavailable`), for the tests of what a screen says when a request fails.
 * Returns a function that lets them through again.
 */
export const refuseRequests = async (page: Page, matches: (url: URL) => boolean): Promise<() => Promise<void>> => {
  const handler = (route: Route) =>
    route.fulfill({
      status: 503,
      contentType: 'application/problem+json',
      body: JSON.stringify({ type: 'about:blank', title: 'The database is not reachable.', status: 503, code: 'storage_unavailable' }),
    });
  await page.route(matches, handler);
  return () => page.unroute(matches, handler);
};

/**
 * A page of a new browser context (cookies of its own) at `base`'s console, signed in through its form as `email`,
 * once the console's event stream is live; what the test then waits for times out after 8 s.
 */
export const signInConsole = async (
  browser: Browser,
  base: string,
  email: string,
  password: string,
  viewport = { width: 1280, height: 860 },
): Promise<Page> => {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.setDefaultTimeout(8000);
  await page.goto(`${base}/app`);
  await page.fill('#email', email);
  await page.fill('#password', password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.conn[data-state=live]').waitFor();
  return page;
};
