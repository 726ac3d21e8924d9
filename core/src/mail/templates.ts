import type { ChatEvent, PublicChat } from '../model/chat.js';
import type { Instant } from '../model/types.js';
import { SPOKEN_LANGUAGES, spokenLanguage, type SpokenLanguage } from '../model/limits.js';
import type { Role } from '../model/user.js';
import { escapeHtml, headerText } from './mail-text.js';

/**
 * The mails Parley writes, in plain text and HTML, in English, German, French and Spanish. Pure
 * functions: every value that came from a visitor or user is escaped in the HTML part, and the subject
 * is made a safe header (no CR/LF). Times are shown in the recipient's time zone when known, else UTC.
 */

export type MailLanguage = SpokenLanguage;
export const MAIL_LANGUAGES: readonly MailLanguage[] = SPOKEN_LANGUAGES.map((l) => l.tag);

/** The mail language for a BCP 47 tag (`de-AT` → `de`); English for anything else. */
export const mailLanguage = (tag: string | null | undefined): MailLanguage => spokenLanguage(tag) ?? 'en';

/** A role as an invitation names it, in each language. */
const ROLE_WORDS: Readonly<Record<MailLanguage, Readonly<Record<Role, string>>>> = {
  en: { owner: 'an owner', admin: 'an admin', supervisor: 'a supervisor', agent: 'an agent' },
  de: { owner: 'Inhaber', admin: 'Admin', supervisor: 'Supervisor', agent: 'Agent' },
  fr: { owner: 'propriétaire', admin: 'admin', supervisor: 'superviseur', agent: 'agent' },
  es: { owner: 'propietario', admin: 'admin', supervisor: 'supervisor', agent: 'agente' },
};

interface Phrases {
  readonly offlineSubject: (widget: string, name: string) => string;
  readonly offlineIntro: (widget: string) => string;
  readonly offlineReply: string;
  /** The label of the link to the request or chat in the console. */
  readonly openInConsole: string;
  readonly name: string;
  readonly email: string;
  readonly page: string;
  readonly sentAt: string;
  readonly message: string;
  readonly transcriptSubject: (widget: string) => string;
  readonly transcriptIntro: (widget: string) => string;
  readonly visitor: string;
  readonly startedOn: string;
  readonly startedAt: string;
  readonly invitationSubject: (account: string) => string;
  readonly invitationIntro: (account: string) => string;
  /** Who added them, as what, and the address they sign in with (an invitation from the users screen). */
  readonly invitationWho: (by: string | null, account: string, role: Role, email: string) => string;
  readonly invitationAction: string;
  readonly linkExpires: (at: string) => string;
  readonly resetSubject: (account: string) => string;
  readonly resetIntro: (account: string) => string;
  readonly resetAction: string;
  readonly resetIgnore: string;
  readonly lockedSubject: (email: string) => string;
  readonly lockedIntro: (email: string, account: string) => string;
  readonly lockedAction: string;
  readonly unknown: string;
}

const PHRASES: Readonly<Record<MailLanguage, Phrases>> = {
  en: {
    offlineSubject: (w, n) => `[${w}] Offline message from ${n}`,
    offlineIntro: (w) => `A visitor left a message on ${w} while nobody was available.`,
    offlineReply: 'Reply to this e-mail to answer the visitor.',
    openInConsole: 'Open it in Parley',
    name: 'Name',
    email: 'E-mail',
    page: 'Page',
    sentAt: 'Sent',
    message: 'Message',
    transcriptSubject: (w) => `Your chat transcript (${w})`,
    transcriptIntro: (w) => `Here is the transcript of the chat on ${w}.`,
    visitor: 'Visitor',
    startedOn: 'Started on',
    startedAt: 'Started',
    invitationSubject: (a) => `You are invited to ${a} on Parley`,
    invitationIntro: (a) => `You have been added to ${a}. Choose a password to sign in:`,
    invitationWho: (by, a, r, e) =>
      `${by ?? 'Someone'} added you to ${a} on Parley as ${ROLE_WORDS.en[r]}. You sign in with ${e}; choose your password to begin:`,
    invitationAction: 'Set your password',
    linkExpires: (at) => `The link works once and expires on ${at}.`,
    resetSubject: (a) => `Reset your Parley password (${a})`,
    resetIntro: (a) => `Someone asked to reset the password of your user in ${a}. Choose a new one:`,
    resetAction: 'Reset your password',
    resetIgnore: 'If you did not ask for this, ignore this e-mail: your password stays as it is.',
    lockedSubject: (e) => `${e} can no longer sign in: locked after failed sign-ins`,
    lockedIntro: (e, a) => `After too many failed sign-ins, the user ${e} of ${a} is locked until an owner or admin unlocks them.`,
    lockedAction: 'If the attempts were theirs, unlock them on their page in the console:',
    unknown: '(not given)',
  },
  de: {
    offlineSubject: (w, n) => `[${w}] Offline-Nachricht von ${n}`,
    offlineIntro: (w) => `Ein Besucher hat auf ${w} eine Nachricht hinterlassen, als niemand erreichbar war.`,
    offlineReply: 'Antworten Sie auf diese E-Mail, um dem Besucher zu antworten.',
    openInConsole: 'In Parley öffnen',
    name: 'Name',
    email: 'E-Mail',
    page: 'Seite',
    sentAt: 'Gesendet',
    message: 'Nachricht',
    transcriptSubject: (w) => `Ihr Chatverlauf (${w})`,
    transcriptIntro: (w) => `Hier ist der Verlauf Ihres Chats auf ${w}.`,
    visitor: 'Besucher',
    startedOn: 'Begonnen auf',
    startedAt: 'Begonnen',
    invitationSubject: (a) => `Einladung zu ${a} auf Parley`,
    invitationIntro: (a) => `Sie wurden zu ${a} hinzugefügt. Wählen Sie ein Passwort, um sich anzumelden:`,
    invitationWho: (by, a, r, e) =>
      `${by ?? 'Jemand'} hat Sie als ${ROLE_WORDS.de[r]} zu ${a} auf Parley hinzugefügt. Sie melden sich mit ${e} an; wählen Sie Ihr Passwort, um zu beginnen:`,
    invitationAction: 'Passwort festlegen',
    linkExpires: (at) => `Der Link funktioniert einmal und läuft am ${at} ab.`,
    resetSubject: (a) => `Parley-Passwort zurücksetzen (${a})`,
    resetIntro: (a) => `Jemand möchte das Passwort Ihres Benutzers in ${a} zurücksetzen. Wählen Sie ein neues:`,
    resetAction: 'Passwort zurücksetzen',
    resetIgnore: 'Wenn Sie das nicht waren, ignorieren Sie diese E-Mail: Ihr Passwort bleibt unverändert.',
    lockedSubject: (e) => `${e} kann sich nicht mehr anmelden: nach Fehlversuchen gesperrt`,
    lockedIntro: (e, a) =>
      `Nach zu vielen fehlgeschlagenen Anmeldungen ist der Benutzer ${e} von ${a} gesperrt, bis ein Inhaber oder Admin ihn entsperrt.`,
    lockedAction: 'Wenn die Versuche von ihm stammten, entsperren Sie ihn auf seiner Seite in der Konsole:',
    unknown: '(nicht angegeben)',
  },
  fr: {
    offlineSubject: (w, n) => `[${w}] Message hors ligne de ${n}`,
    offlineIntro: (w) => `Un visiteur a laissé un message sur ${w} alors que personne n’était disponible.`,
    offlineReply: 'Répondez à cet e-mail pour répondre au visiteur.',
    openInConsole: 'Ouvrir dans Parley',
    name: 'Nom',
    email: 'E-mail',
    page: 'Page',
    sentAt: 'Envoyé',
    message: 'Message',
    transcriptSubject: (w) => `La transcription de votre chat (${w})`,
    transcriptIntro: (w) => `Voici la transcription du chat sur ${w}.`,
    visitor: 'Visiteur',
    startedOn: 'Commencé sur',
    startedAt: 'Commencé',
    invitationSubject: (a) => `Invitation à ${a} sur Parley`,
    invitationIntro: (a) => `Vous avez été ajouté à ${a}. Choisissez un mot de passe pour vous connecter :`,
    invitationWho: (by, a, r, e) =>
      `${by ?? 'Quelqu’un'} vous a ajouté à ${a} sur Parley comme ${ROLE_WORDS.fr[r]}. Vous vous connectez avec ${e} ; choisissez votre mot de passe pour commencer :`,
    invitationAction: 'Choisir votre mot de passe',
    linkExpires: (at) => `Le lien ne sert qu’une fois et expire le ${at}.`,
    resetSubject: (a) => `Réinitialiser votre mot de passe Parley (${a})`,
    resetIntro: (a) => `Quelqu’un a demandé à réinitialiser le mot de passe de votre utilisateur dans ${a}. Choisissez-en un nouveau :`,
    resetAction: 'Réinitialiser le mot de passe',
    resetIgnore: 'Si ce n’était pas vous, ignorez cet e-mail : votre mot de passe reste inchangé.',
    lockedSubject: (e) => `${e} ne peut plus se connecter : bloqué après des échecs de connexion`,
    lockedIntro: (e, a) =>
      `Après trop d’échecs de connexion, l’utilisateur ${e} de ${a} est bloqué jusqu’à ce qu’un propriétaire ou un admin le débloque.`,
    lockedAction: 'Si les tentatives venaient de lui, débloquez-le sur sa page dans la console :',
    unknown: '(non indiqué)',
  },
  es: {
    offlineSubject: (w, n) => `[${w}] Mensaje fuera de línea de ${n}`,
    offlineIntro: (w) => `Un visitante dejó un mensaje en ${w} cuando no había nadie disponible.`,
    offlineReply: 'Responda a este correo para contestar al visitante.',
    openInConsole: 'Abrir en Parley',
    name: 'Nombre',
    email: 'Correo',
    page: 'Página',
    sentAt: 'Enviado',
    message: 'Mensaje',
    transcriptSubject: (w) => `La transcripción de su chat (${w})`,
    transcriptIntro: (w) => `Esta es la transcripción del chat en ${w}.`,
    visitor: 'Visitante',
    startedOn: 'Iniciado en',
    startedAt: 'Iniciado',
    invitationSubject: (a) => `Invitación a ${a} en Parley`,
    invitationIntro: (a) => `Le han añadido a ${a}. Elija una contraseña para iniciar sesión:`,
    invitationWho: (by, a, r, e) =>
      `${by ?? 'Alguien'} le añadió a ${a} en Parley como ${ROLE_WORDS.es[r]}. Inicia sesión con ${e}; elija su contraseña para empezar:`,
    invitationAction: 'Elegir su contraseña',
    linkExpires: (at) => `El enlace sirve una sola vez y caduca el ${at}.`,
    resetSubject: (a) => `Restablecer su contraseña de Parley (${a})`,
    resetIntro: (a) => `Alguien pidió restablecer la contraseña de su usuario en ${a}. Elija una nueva:`,
    resetAction: 'Restablecer la contraseña',
    resetIgnore: 'Si no fue usted, ignore este correo: su contraseña no cambia.',
    lockedSubject: (e) => `${e} ya no puede iniciar sesión: bloqueado tras intentos fallidos`,
    lockedIntro: (e, a) =>
      `Tras demasiados inicios de sesión fallidos, el usuario ${e} de ${a} está bloqueado hasta que un propietario o admin lo desbloquee.`,
    lockedAction: 'Si los intentos fueron suyos, desbloquéelo en su página de la consola:',
    unknown: '(no indicado)',
  },
};

/** A rendered mail: what the {@link Mailer} port's message needs besides recipients and ids. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly language: MailLanguage;
}

/** An instant as the recipient reads it: `2026-12-04 09:15 (Europe/Berlin)`; UTC when the zone is unknown or invalid. */
export const formatMailTime = (at: Instant, timeZone: string | null): string => {
  const zone = timeZone ?? 'UTC';
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(at));
    const p = (t: string) => parts.find((x) => x.type === t)?.value ?? '';
    return `${p('year')}-${p('month')}-${p('day')} ${p('hour')}:${p('minute')} (${zone})`;
  } catch {
    return zone === 'UTC' ? at : formatMailTime(at, null);
  }
};

type Block =
  | { readonly kind: 'p'; readonly text: string }
  | { readonly kind: 'fields'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'quote'; readonly text: string }
  | { readonly kind: 'link'; readonly label: string; readonly url: string }
  | { readonly kind: 'lines'; readonly rows: readonly (readonly [string, string, string])[] };

/** Lays blocks out twice: as plain text and as simple, escaped HTML. */
const layout = (language: MailLanguage, subject: string, blocks: readonly Block[]): RenderedMail => {
  const text: string[] = [];
  const html: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'p':
        text.push(b.text);
        html.push(`<p>${escapeHtml(b.text)}</p>`);
        break;
      case 'fields':
        text.push(b.rows.map(([k, v]) => `${k}: ${v}`).join('\n'));
        html.push(
          `<table>${b.rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>`,
        );
        break;
      case 'quote':
        text.push(b.text);
        html.push(`<blockquote style="white-space:pre-wrap">${escapeHtml(b.text)}</blockquote>`);
        break;
      case 'link':
        text.push(`${b.label}: ${b.url}`);
        html.push(`<p><a href="${escapeHtml(b.url)}">${escapeHtml(b.label)}</a></p>`);
        break;
      case 'lines':
        text.push(b.rows.map(([at, who, said]) => `[${at}] ${who}: ${said}`).join('\n'));
        html.push(
          `<table>${b.rows.map(([at, who, said]) => `<tr><td>${escapeHtml(at)}</td><th align="left">${escapeHtml(who)}</th><td style="white-space:pre-wrap">${escapeHtml(said)}</td></tr>`).join('')}</table>`,
        );
        break;
    }
  }
  const safeSubject = headerText(subject);
  return {
    subject: safeSubject,
    text: `${text.join('\n\n')}\n`,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${escapeHtml(safeSubject)}</title></head><body>${html.join('\n')}</body></html>`,
    language,
  };
};

export interface OfflineRequestMailInput {
  readonly language: string | null;
  readonly widgetName: string;
  readonly chat: Pick<PublicChat, 'visitor' | 'question' | 'createdAt'>;
  /** The recipients' time zone, when known. */
  readonly timeZone: string | null;
  /** The request in the console's history (to read it, mark it handled); none without a public URL. */
  readonly consoleUrl?: string | null;
}

/** The console link block, when there is a link. */
const consoleLinkBlock = (t: Phrases, url: string | null | undefined): Block[] =>
  url ? [{ kind: 'link', label: t.openInConsole, url }] : [];

/** The mail that brings an offline request to the widget's notification recipients. */
export const renderOfflineRequestMail = (input: OfflineRequestMailInput): RenderedMail => {
  const lang = mailLanguage(input.language);
  const t = PHRASES[lang];
  const v = input.chat.visitor;
  const name = v.name ?? v.email ?? t.unknown;
  return layout(lang, t.offlineSubject(input.widgetName, name), [
    { kind: 'p', text: t.offlineIntro(input.widgetName) },
    {
      kind: 'fields',
      rows: [
        [t.name, v.name ?? t.unknown],
        [t.email, v.email ?? t.unknown],
        [t.page, v.pageUrl ?? t.unknown],
        [t.sentAt, formatMailTime(input.chat.createdAt, input.timeZone)],
      ],
    },
    { kind: 'p', text: `${t.message}:` },
    { kind: 'quote', text: input.chat.question },
    ...(v.email ? [{ kind: 'p', text: t.offlineReply } as const] : []),
    ...consoleLinkBlock(t, input.consoleUrl),
  ]);
};

export interface TranscriptMailInput {
  readonly language: string | null;
  readonly widgetName: string;
  readonly chat: Pick<PublicChat, 'visitor' | 'createdAt'>;
  /** The chat's events; only messages are shown, each under its author's alias. */
  readonly events: readonly ChatEvent[];
  readonly timeZone: string | null;
  /** The chat in the console's history; none without a public URL. */
  readonly consoleUrl?: string | null;
}

/** A chat's transcript: messages with their authors' aliases and times, and the page it started on. */
export const renderTranscriptMail = (input: TranscriptMailInput): RenderedMail => {
  const lang = mailLanguage(input.language);
  const t = PHRASES[lang];
  const rows = input.events
    .filter((e) => e.type === 'chat.message')
    .map((e) => {
      const who = e.author?.alias ?? (e.author?.kind === 'visitor' ? t.visitor : '');
      const said = e.text ?? '';
      return [formatMailTime(e.at, input.timeZone), who, said] as const;
    });
  return layout(lang, t.transcriptSubject(input.widgetName), [
    { kind: 'p', text: t.transcriptIntro(input.widgetName) },
    {
      kind: 'fields',
      rows: [
        [t.startedOn, input.chat.visitor.pageUrl ?? t.unknown],
        [t.startedAt, formatMailTime(input.chat.createdAt, input.timeZone)],
      ],
    },
    { kind: 'lines', rows },
    ...consoleLinkBlock(t, input.consoleUrl),
  ]);
};

export interface LinkMailInput {
  readonly language: string | null;
  readonly accountName: string;
  readonly link: string;
  readonly expiresAt: Instant;
  readonly timeZone: string | null;
  /** An invitation's: who is invited (their role and address) and by whom (their name; null when unknown). */
  readonly invited?: { readonly by: string | null; readonly role: Role; readonly email: string };
}

/** The invitation of a user added without a password: a single-use link to choose one. */
export const renderInvitationMail = (input: LinkMailInput): RenderedMail => {
  const lang = mailLanguage(input.language);
  const t = PHRASES[lang];
  return layout(lang, t.invitationSubject(input.accountName), [
    {
      kind: 'p',
      text: input.invited
        ? t.invitationWho(input.invited.by, input.accountName, input.invited.role, input.invited.email)
        : t.invitationIntro(input.accountName),
    },
    { kind: 'link', label: t.invitationAction, url: input.link },
    { kind: 'p', text: t.linkExpires(formatMailTime(input.expiresAt, input.timeZone)) },
  ]);
};

/** A password reset link, one per user the address belongs to (each naming its account). */
export const renderPasswordResetMail = (input: LinkMailInput): RenderedMail => {
  const lang = mailLanguage(input.language);
  const t = PHRASES[lang];
  return layout(lang, t.resetSubject(input.accountName), [
    { kind: 'p', text: t.resetIntro(input.accountName) },
    { kind: 'link', label: t.resetAction, url: input.link },
    { kind: 'p', text: t.linkExpires(formatMailTime(input.expiresAt, input.timeZone)) },
    { kind: 'p', text: t.resetIgnore },
  ]);
};

/** The owners' and admins' notice that a user is locked until someone unlocks them, with the user's page in the console. */
export const renderUserLockedMail = (input: {
  readonly language: string | null;
  readonly accountName: string;
  readonly lockedEmail: string;
  /** The locked user's page in the console; none without a public URL. */
  readonly consoleUrl?: string | null;
}): RenderedMail => {
  const lang = mailLanguage(input.language);
  const t = PHRASES[lang];
  return layout(lang, t.lockedSubject(input.lockedEmail), [
    { kind: 'p', text: t.lockedIntro(input.lockedEmail, input.accountName) },
    { kind: 'p', text: t.lockedAction },
    ...consoleLinkBlock(t, input.consoleUrl),
  ]);
};
