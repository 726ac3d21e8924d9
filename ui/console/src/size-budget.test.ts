import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { buildConsole } from '../build.mjs';

/**
 * What opening the inbox may load, JS + CSS gzipped: 45 KB, and 320 B more for what the inbox itself needs: the
 * phone's one-pane inbox (the list or the chat, with the way back), the status switch's unclipped focus ring, the
 * page's one top heading (kept on a phone's transcript too), the transcript line of a chat handed back to its
 * queue when its agent went offline, problem titles with initialisms in capitals, and the question the status
 * switch asks before going offline with open chats, and the focus kept in a chat closed or opened from the list;
 * then 700 B for a supervisor's take-over, reassign and close beside a colleague's open chat in History (a screen
 * of the initial bundle: loading those actions lazily split the shared code into more chunks and cost more); then
 * 20 B for a chat that follows its transfer to another widget and the spacing of a user's settings rows (the
 * stylesheet is loaded whole at start); then 600 B for replies and notes being written kept apart, a reply left unsent
 * in a chat no longer the agent's shown to copy or discard (never moved into its note box), and a chat handed back to
 * the queue tagged as such; then 260 B for the guard that keeps an admin form's unsaved changes from being left
 * unasked (the console's navigation and Back wait for its answer) and the widget editor's save bar kept in view;
 * then 70 B for a phone's top bar kept to two lines (the sound switch in its Menu), the admin sections' row stopping at
 * a whole item, and the history table's shadows saying it scrolls sideways (with the visitor panel's page addresses
 * breaking between path segments, which the headroom left before took); then 510 B for the transfer dialog saying in
 * words why each colleague cannot take the chat (its button still focusable), what is left when nobody can, and the
 * note handed over with a transfer; then 410 B for the inbox's question before closing a chat nobody answered, the
 * focus given back when the shortcuts' help closes, labels read again when the window has the focus, and chats no
 * longer the agent's counting no unread, dismissed under words that say so.
 */
const INITIAL_BUDGET = 45 * 1024 + 3270;

const gzipped = (...files: string[]) => files.reduce((n, f) => n + gzipSync(readFileSync(f), { level: 9 }).length, 0);

describe('the console’s size budget', () => {
  const out = mkdtempSync(join(tmpdir(), 'parley-console-build-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('loads at most its budget (about 45 KB, JS + CSS, gzipped) to open the inbox, and each screen loaded later at most 60 KB', async () => {
    const built = await buildConsole({ outdir: out });
    const initial = gzipped(...built.initial, built.style);
    const lazy = built.lazy.map((f) => ({ file: basename(f), size: gzipped(f) }));
    console.info(`console sizes (gzip): initial ${initial} B; lazy ${lazy.map((l) => `${l.file} ${l.size} B`).join(', ')}`);
    expect(initial).toBeLessThanOrEqual(INITIAL_BUDGET);
    expect(lazy.length).toBeGreaterThanOrEqual(2); // the admin screens and the charts
    for (const l of lazy) expect(l.size, l.file).toBeLessThanOrEqual(60 * 1024);
  });

  it('refers from index.html to the content-hashed entry and stylesheet, with nothing inline', async () => {
    const html = readFileSync(join(out, 'index.html'), 'utf8');
    const refs = [...html.matchAll(/(?:src|href)="\/app\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(refs.map((r) => r.replace(/-[A-Z0-9]{8}\./, '-HASH.'))).toEqual(['assets/app-HASH.css', 'assets/app-HASH.js']);
    for (const r of refs) expect(readFileSync(join(out, r)).length).toBeGreaterThan(0);
    expect(html).not.toMatch(/<script>|<style|style=/);
  });
});
