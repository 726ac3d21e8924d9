/**
 * Every string the visitor sees, per language. English is complete and the reference; a key missing in
 * another language falls back to it. `{name}` placeholders are filled by {@link format}.
 */
const en = {
  openChat: 'Open chat',
  openChatUnread: 'Open chat, {count} unread',
  minimise: 'Minimise chat',
  name: 'Name',
  email: 'Email',
  message: 'Message',
  optional: 'optional',
  required: 'required',
  startChat: 'Start chat',
  starting: 'Starting…',
  fieldRequired: 'Please fill in this field.',
  emailInvalid: 'Please enter a valid email address.',
  offlineTitle: 'We’re away right now',
  offlineIntro: 'Leave a message and we’ll reply by email.',
  offlineSend: 'Send message',
  offlineThanks: 'Thanks! We received your message and will reply to {email}.',
  offlineClosed: 'Nobody is available right now. Please try again later.',
  queued: 'Waiting for an agent…',
  queuePosition: 'You are number {position} in the queue.',
  queueWait: 'Estimated wait: about {minutes} min.',
  queueWaitShort: 'Estimated wait: under a minute.',
  joined: '{name} joined the chat.',
  transferred: '{name} took over the chat.',
  typing: '{name} is typing…',
  you: 'You',
  agent: 'Agent',
  messages: 'Messages',
  composer: 'Type your message',
  send: 'Send',
  sendFailed: 'Not sent.',
  retry: 'Retry',
  endChat: 'End chat',
  ended: 'The chat has ended.',
  newChat: 'Start a new chat',
  soundOn: 'Sound on',
  soundOff: 'Sound off',
  reconnecting: 'Reconnecting…',
  tooFast: 'You’re going a little fast. Please wait {seconds} seconds and try again.',
  failed: 'Something went wrong. Please try again.',
  unavailable: 'This chat is not available.',
} as const;

export type MessageKey = keyof typeof en;
export type Translation = Readonly<Record<MessageKey, string>>;

const de: Partial<Translation> = {
  openChat: 'Chat öffnen',
  openChatUnread: 'Chat öffnen, {count} ungelesen',
  minimise: 'Chat minimieren',
  name: 'Name',
  email: 'E-Mail',
  message: 'Nachricht',
  optional: 'optional',
  required: 'erforderlich',
  startChat: 'Chat starten',
  starting: 'Wird gestartet…',
  fieldRequired: 'Bitte füllen Sie dieses Feld aus.',
  emailInvalid: 'Bitte geben Sie eine gültige E-Mail-Adresse ein.',
  offlineTitle: 'Wir sind gerade nicht da',
  offlineIntro: 'Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
  offlineSend: 'Nachricht senden',
  offlineThanks: 'Danke! Wir haben Ihre Nachricht erhalten und antworten an {email}.',
  offlineClosed: 'Gerade ist niemand erreichbar. Bitte versuchen Sie es später noch einmal.',
  queued: 'Warten auf einen Mitarbeiter…',
  queuePosition: 'Sie sind Nummer {position} in der Warteschlange.',
  queueWait: 'Geschätzte Wartezeit: etwa {minutes} Min.',
  queueWaitShort: 'Geschätzte Wartezeit: unter einer Minute.',
  joined: '{name} ist dem Chat beigetreten.',
  transferred: '{name} hat den Chat übernommen.',
  typing: '{name} schreibt…',
  you: 'Sie',
  agent: 'Mitarbeiter',
  messages: 'Nachrichten',
  composer: 'Ihre Nachricht',
  send: 'Senden',
  sendFailed: 'Nicht gesendet.',
  retry: 'Erneut senden',
  endChat: 'Chat beenden',
  ended: 'Der Chat wurde beendet.',
  newChat: 'Neuen Chat starten',
  soundOn: 'Ton an',
  soundOff: 'Ton aus',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  tooFast: 'Etwas zu schnell. Bitte warten Sie {seconds} Sekunden und versuchen Sie es erneut.',
  failed: 'Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.',
  unavailable: 'Dieser Chat ist nicht verfügbar.',
};

const fr: Partial<Translation> = {
  openChat: 'Ouvrir le chat',
  openChatUnread: 'Ouvrir le chat, {count} non lus',
  minimise: 'Réduire le chat',
  name: 'Nom',
  email: 'E-mail',
  message: 'Message',
  optional: 'facultatif',
  required: 'obligatoire',
  startChat: 'Démarrer le chat',
  starting: 'Démarrage…',
  fieldRequired: 'Veuillez remplir ce champ.',
  emailInvalid: 'Veuillez saisir une adresse e-mail valide.',
  offlineTitle: 'Nous sommes absents pour le moment',
  offlineIntro: 'Laissez-nous un message, nous vous répondrons par e-mail.',
  offlineSend: 'Envoyer le message',
  offlineThanks: 'Merci ! Nous avons bien reçu votre message et répondrons à {email}.',
  offlineClosed: 'Personne n’est disponible pour le moment. Veuillez réessayer plus tard.',
  queued: 'En attente d’un conseiller…',
  queuePosition: 'Vous êtes numéro {position} dans la file d’attente.',
  queueWait: 'Attente estimée : environ {minutes} min.',
  queueWaitShort: 'Attente estimée : moins d’une minute.',
  joined: '{name} a rejoint le chat.',
  transferred: '{name} a repris le chat.',
  typing: '{name} écrit…',
  you: 'Vous',
  agent: 'Conseiller',
  messages: 'Messages',
  composer: 'Votre message',
  send: 'Envoyer',
  sendFailed: 'Non envoyé.',
  retry: 'Réessayer',
  endChat: 'Terminer le chat',
  ended: 'Le chat est terminé.',
  newChat: 'Démarrer un nouveau chat',
  soundOn: 'Son activé',
  soundOff: 'Son désactivé',
  reconnecting: 'Reconnexion…',
  tooFast: 'Un peu trop vite. Veuillez patienter {seconds} secondes et réessayer.',
  failed: 'Une erreur s’est produite. Veuillez réessayer.',
  unavailable: 'Ce chat n’est pas disponible.',
};

const es: Partial<Translation> = {
  openChat: 'Abrir el chat',
  openChatUnread: 'Abrir el chat, {count} sin leer',
  minimise: 'Minimizar el chat',
  name: 'Nombre',
  email: 'Correo electrónico',
  message: 'Mensaje',
  optional: 'opcional',
  required: 'obligatorio',
  startChat: 'Iniciar chat',
  starting: 'Iniciando…',
  fieldRequired: 'Rellene este campo.',
  emailInvalid: 'Introduzca un correo electrónico válido.',
  offlineTitle: 'Ahora no estamos disponibles',
  offlineIntro: 'Déjenos un mensaje y le responderemos por correo.',
  offlineSend: 'Enviar mensaje',
  offlineThanks: '¡Gracias! Hemos recibido su mensaje y responderemos a {email}.',
  offlineClosed: 'No hay nadie disponible ahora. Inténtelo de nuevo más tarde.',
  queued: 'Esperando a un agente…',
  queuePosition: 'Es el número {position} en la cola.',
  queueWait: 'Espera estimada: unos {minutes} min.',
  queueWaitShort: 'Espera estimada: menos de un minuto.',
  joined: '{name} se ha unido al chat.',
  transferred: '{name} ha tomado el chat.',
  typing: '{name} está escribiendo…',
  you: 'Usted',
  agent: 'Agente',
  messages: 'Mensajes',
  composer: 'Escriba su mensaje',
  send: 'Enviar',
  sendFailed: 'No enviado.',
  retry: 'Reintentar',
  endChat: 'Terminar chat',
  ended: 'El chat ha terminado.',
  newChat: 'Iniciar un chat nuevo',
  soundOn: 'Sonido activado',
  soundOff: 'Sonido desactivado',
  reconnecting: 'Reconectando…',
  tooFast: 'Va un poco rápido. Espere {seconds} segundos e inténtelo de nuevo.',
  failed: 'Algo salió mal. Inténtelo de nuevo.',
  unavailable: 'Este chat no está disponible.',
};

const TABLE: Readonly<Record<string, Partial<Translation>>> = { en, de, fr, es };

/** The languages the widget speaks. */
export const LANGUAGES = Object.keys(TABLE);

/** `de-AT` → `de` when spoken; null when not. */
const spoken = (tag: string | null | undefined): string | null => {
  const base = tag?.toLowerCase().split(/[-_]/)[0];
  return base && base in TABLE ? base : null;
};

/**
 * The language to speak: the page's choice (`setLanguage`) first, then the widget's setting, then the
 * browser's languages, then English: the first of them the widget speaks.
 */
export const pickLanguage = (pageChoice: string | null, widgetLanguage: string | null, browser: readonly string[]): string =>
  spoken(pageChoice) ?? spoken(widgetLanguage) ?? browser.map(spoken).find((l) => l !== null) ?? 'en';

/** The strings of a language, English where it lacks one. */
export const translation = (language: string): Translation => ({ ...en, ...TABLE[language] });

/** Fills `{placeholders}`. */
export const format = (text: string, values: Readonly<Record<string, string | number>> = {}): string =>
  text.replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
