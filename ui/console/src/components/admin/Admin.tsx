import type { ComponentType } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { me } from '../../store.js';
import { goTo } from '../links.js';
import { AccountScreen } from './Account.js';
import { AuditScreen } from './Audit.js';
import { CannedScreen } from './Canned.js';
import { IntegrationsScreen } from './Integrations.js';
import { MonitorScreen } from './Monitor.js';
import { ReportsScreen } from './Reports.js';
import { openSectionId, mayOpen, sectionsFor } from './sections.js';
import { SecurityScreen } from './Security.js';
import { TokensScreen } from './Tokens.js';
import { UsersScreen } from './Users.js';
import { WidgetsScreen } from './Widgets.js';

/** Each section's screen; it gets the rest of the address (`/app/admin/widgets/<id>` → `[id]`). */
const SCREENS: Readonly<Record<string, ComponentType<{ readonly rest: readonly string[] }>>> = {
  account: AccountScreen,
  widgets: WidgetsScreen,
  users: UsersScreen,
  canned: CannedScreen,
  integrations: IntegrationsScreen,
  audit: AuditScreen,
  security: SecurityScreen,
  monitor: MonitorScreen,
  tokens: TokensScreen,
  reports: ReportsScreen,
};

/**
 * The admin screens: a menu of the sections the user's role may open (as the API decides: security is the owner's,
 * settings the owners' and admins', the audit log, monitor and reports supervisors' too) and the open section.
 * Anyone else opening an admin address is told it is not theirs; the API refuses them anyway.
 */
export const Admin = ({ section, rest }: { readonly section: string; readonly rest: readonly string[] }) => {
  const user = me.value;
  const nav = useRef<HTMLElement>(null);
  const open = user ? openSectionId(user.role, section) : '';
  // On a phone the menu is one row that scrolls sideways: the open section's entry is brought into it.
  useEffect(() => {
    nav.current?.querySelector('[aria-current="page"]')?.scrollIntoView({ block: 'nearest', inline: 'center' });
  }, [open]);
  if (!user) return null;
  const sections = sectionsFor(user.role);
  const Screen = SCREENS[open];
  const allowed = mayOpen(user.role, open) && Screen;
  return (
    <main class="admin">
      <nav class="admin-nav" aria-label="Admin" ref={nav}>
        <ul>
          {sections.map((s) => (
            <li key={s.id}>
              <a
                href={`/app/admin/${s.id}`}
                aria-current={s.id === open ? 'page' : undefined}
                onClick={(e) => goTo(e, `/app/admin/${s.id}`)}
              >
                {s.title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="admin-body" id="content" tabIndex={-1}>
        {allowed ? (
          <Screen rest={rest} />
        ) : (
          <section class="not-allowed" aria-labelledby="not-allowed">
            {/* An address that names no screen at all (a typo, an old link) is said to be that, not a refusal. */}
            {/* A role with no admin screen at all is told so whatever the address (it has no menu to pick from). */}
            <h1 id="not-allowed">{SCREENS[open] || sections.length === 0 ? 'Not allowed' : 'No such screen'}</h1>
            <p>
              {sections.length === 0
                ? 'Your role does not include the admin screens. Ask an owner or admin if you need a change.'
                : !SCREENS[open]
                  ? `There is no admin screen “${open}”. Pick one from the menu.`
                  : 'Your role cannot open this screen. Pick one from the menu.'}
            </p>
            <p>
              <a href="/app" onClick={(e) => goTo(e, '/app')}>
                Back to the inbox
              </a>
            </p>
          </section>
        )}
      </div>
    </main>
  );
};
