import { useEffect, useState } from 'preact/hooks';
import type { Chat } from '../model.js';
import { visitorPlace } from '../visitor-place.js';
import { visitorLocalTime } from '../visitor-time.js';

/** The time now, again every minute while `ticking` (for the visitor's local time, which a past chat does not show). */
const useMinute = (ticking: boolean): Date => {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    if (!ticking) return;
    setNow(new Date());
    const timer = setInterval(() => setNow(new Date()), 60_000);
    return () => clearInterval(timer);
  }, [ticking]);
  return now;
};

const since = (from: string | null | undefined, to: string | null | undefined): string | null => {
  if (!from || !to) return null;
  const s = Math.max(0, Math.round((Date.parse(to) - Date.parse(from)) / 1000));
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
};

/**
 * Who the visitor is and where they are: details from the chat start and geolocation. With `onHide`, it has a
 * Hide button and Escape hides it (the inbox's sheet on a narrow screen, shown by the conversation's Visitor
 * button, to which the focus then returns).
 */
export const VisitorPanel = ({ chat, onHide }: { chat: Chat | null; onHide?: () => void }) => {
  const live = chat?.status === 'active' || chat?.status === 'queued';
  const now = useMinute(live);
  const v = chat?.visitor;
  if (!v) return <aside class="visitor-panel" id="visitor-panel" aria-label="Visitor" />;
  const hide = () => {
    onHide?.();
    document.querySelector<HTMLElement>('.visitor-toggle')?.focus();
  };
  const place = visitorPlace(v.geo);
  const rows: [string, string | null | undefined][] = [
    ['Name', v.name],
    ['Email', v.email],
    ['Location', place || null],
    // While the chat goes on: of a past chat, it says nothing useful.
    ['Local time', live ? visitorLocalTime(v.geo?.timezone, now) : null],
    ['Page', v.pageUrl],
    ['Referrer', v.referrerUrl],
    ['Browser', v.os ? `${v.browser || 'An unknown browser'} on ${v.os}` : v.browser || null],
    ['Language', v.language],
    ['Waited', since(chat?.queuedAt ?? chat?.createdAt, chat?.assignedAt)],
    ...Object.entries(v.customVariables ?? {}),
  ];
  return (
    <aside
      class="visitor-panel"
      id="visitor-panel"
      aria-labelledby="visitor-title"
      onKeyDown={(e) => {
        if (e.key === 'Escape' && onHide) hide();
      }}
    >
      <h2 id="visitor-title">Visitor</h2>
      {onHide && (
        <button class="btn visitor-close" type="button" onClick={hide}>
          Hide
        </button>
      )}
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
