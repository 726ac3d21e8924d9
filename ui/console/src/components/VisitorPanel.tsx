import type { Chat } from '../model.js';

const since = (from: string | null | undefined, to: string | null | undefined): string | null => {
  if (!from || !to) return null;
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/** Who the visitor is and where they are: details from the chat start and geolocation. */
export const VisitorPanel = ({ chat }: { chat: Chat | null }) => {
  const v = chat?.visitor;
  if (!v) return <aside class="visitor-panel" aria-label="Visitor" />;
  const place = [v.geo?.city, v.geo?.region, v.geo?.country].filter(Boolean).join(', ');
  const rows: [string, string | null | undefined][] = [
    ['Name', v.name],
    ['Email', v.email],
    ['Location', place || null],
    ['Page', v.pageUrl],
    ['Referrer', v.referrerUrl],
    ['Browser', v.os ? `${v.browser || 'An unknown browser'} on ${v.os}` : v.browser || null],
    ['Language', v.language],
    ['Waited', since(chat?.queuedAt ?? chat?.createdAt, chat?.assignedAt)],
    ...Object.entries(v.customVariables ?? {}),
  ];
  return (
    <aside class="visitor-panel" aria-labelledby="visitor-title">
      <h2 id="visitor-title">Visitor</h2>
      <dl>
        {rows
          .filter(([, value]) => value)
          .map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
    </aside>
  );
};
