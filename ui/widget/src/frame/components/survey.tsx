import { INPUT_LIMITS } from '@parley/core/limits';
import { useEffect, useRef, useState } from 'preact/hooks';
import { busy, conversation, rateChat, t } from '../store.js';

const SCORES = [1, 2, 3, 4, 5] as const;

/**
 * After a chat an agent took has ended: 1 to 5 stars and an optional comment, then thanks. The stars are a
 * native radio group (one tab stop, arrow keys move, each labelled "n of 5 stars"), drawn as stars.
 */
export const Survey = () => {
  const [score, setScore] = useState(0);
  const [comment, setComment] = useState('');
  const c = conversation.value;
  const thanks = useRef<HTMLParagraphElement>(null);
  const stars = useRef<HTMLFieldSetElement>(null);
  // The form the focus was in is gone: the thanks take it, so a keyboard user goes on from there; so does the rating
  // when the chat has just ended ("End chat" went with the composer), so it is what a keyboard user meets first.
  // Only while the frame has the focus: an ended chat shown again on a later page leaves the page's focus alone.
  const asking = c.canRate && !c.rated;
  useEffect(() => {
    if (!document.hasFocus() || (document.activeElement !== null && document.activeElement !== document.body)) return;
    if (c.rated) thanks.current?.focus();
    else if (asking) stars.current?.focus();
  }, [c.rated, asking]);
  if (!c.canRate) return null;
  if (c.rated)
    return (
      <p class="survey-thanks" role="status" tabIndex={-1} ref={thanks}>
        {t('surveyThanks')}
      </p>
    );
  const submit = (e: Event) => {
    e.preventDefault();
    if (score > 0) void rateChat(score, comment);
  };
  return (
    <form class="survey" onSubmit={submit}>
      <fieldset class="stars" tabIndex={-1} ref={stars}>
        <legend>{t('surveyTitle')}</legend>
        {SCORES.map((n) => (
          <label key={n} class={n <= score ? 'on' : undefined}>
            <input type="radio" name="score" value={n} checked={n === score} onChange={() => setScore(n)} />
            <span aria-hidden="true">★</span>
            <span class="sr-only">{t('surveyStar', { count: n })}</span>
          </label>
        ))}
      </fieldset>
      <label for="survey-comment" class="survey-label">
        {t('surveyComment')} <span class="need">({t('optional')})</span>
      </label>
      <textarea
        id="survey-comment"
        rows={2}
        maxLength={INPUT_LIMITS.surveyComment}
        value={comment}
        onInput={(e) => setComment(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={score === 0 || busy.value}>
        {t('surveySend')}
      </button>
    </form>
  );
};
