import type { User } from '../../model.js';

type Role = User['role'];

/** One admin screen: its address (`/app/admin/<id>`), its name in the menu, and who may open it (as the API decides). */
export interface AdminSection {
  readonly id: string;
  readonly title: string;
  readonly roles: readonly Role[];
}

const MANAGERS: readonly Role[] = ['owner', 'admin'];
const SUPERVISORS: readonly Role[] = ['owner', 'admin', 'supervisor'];

/** The admin screens, in menu order. Each one's component is listed in `Admin.tsx`. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [
  { id: 'account', title: 'Account', roles: MANAGERS },
  { id: 'widgets', title: 'Widgets', roles: MANAGERS },
  { id: 'users', title: 'Users', roles: MANAGERS },
  { id: 'canned', title: 'Canned responses & labels', roles: MANAGERS },
  { id: 'integrations', title: 'Integrations', roles: MANAGERS },
  { id: 'audit', title: 'Audit log', roles: SUPERVISORS },
  { id: 'security', title: 'Security', roles: ['owner'] },
  { id: 'monitor', title: 'Monitor', roles: SUPERVISORS },
  { id: 'tokens', title: 'API tokens', roles: MANAGERS },
  { id: 'reports', title: 'Reports', roles: SUPERVISORS },
];

/** The screens a role may open. */
export const sectionsFor = (role: Role): readonly AdminSection[] => ADMIN_SECTIONS.filter((s) => s.roles.includes(role));

/** The section an admin address opens: the one it names, or the role's first when it names none. */
export const openSectionId = (role: Role, section: string): string => section || sectionsFor(role)[0]?.id || '';

/** May this role open this section? Unknown sections are nobody's. */
export const mayOpen = (role: Role, id: string): boolean => sectionsFor(role).some((s) => s.id === id);
