import { describe, expect, it } from 'vitest';
import { ApiError } from './api.js';
import { problemText } from './problem-text.js';

describe('what the visitor is told when a request fails', () => {
  it('asks to slow down for as long as the server says on 429', () => {
    expect(problemText(new ApiError(429, 'rate_limited', [], 7))).toEqual({ key: 'tooFast', values: { seconds: 7 } });
    expect(problemText(new ApiError(429, 'rate_limited'))).toEqual({ key: 'tooFast', values: { seconds: 10 } });
  });

  it('counts a long wait in minutes, rounded up', () => {
    expect(problemText(new ApiError(429, 'rate_limited', [], 121))).toEqual({ key: 'tryLater', values: { minutes: 3 } });
    expect(problemText(new ApiError(429, 'rate_limited', [], 86_400))).toEqual({ key: 'tryLater', values: { minutes: 1440 } });
  });

  it('says nobody is available when the widget takes no offline requests', () => {
    expect(problemText(new ApiError(503, 'offline_form_disabled'))).toEqual({ key: 'offlineClosed' });
  });

  it('tells a blocked visitor only that the chat is not available, never to try again', () => {
    expect(problemText(new ApiError(403, 'visitor_blocked'))).toEqual({ key: 'unavailable' });
  });

  it('leaves refused fields to the form that shows them, and says something went wrong otherwise', () => {
    expect(problemText(new ApiError(400, 'validation_failed', ['email']), ['name', 'email'])).toBeNull();
    expect(problemText(new ApiError(400, 'validation_failed', ['email', 'pageUrl']), ['name', 'email'])).toEqual({ key: 'failed' });
    expect(problemText(new ApiError(400, 'validation_failed', ['text']))).toEqual({ key: 'failed' });
    expect(problemText(new ApiError(400, 'validation_failed'))).toEqual({ key: 'failed' });
    expect(problemText(new ApiError(0, 'network'))).toEqual({ key: 'failed' });
    expect(problemText(new TypeError('x'))).toEqual({ key: 'failed' });
    expect(problemText(new ApiError(404, 'not_found'))).toEqual({ key: 'unavailable' });
  });
});
