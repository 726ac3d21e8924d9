/**
 * The icons drawn in more than one of Parley's screens, as SVG path data on a 24 × 24 view box, so the widget and
 * the console draw the same ones.
 */

/** A sound switch's speaker: its body, the waves it shows while sound is on, and the cross while it is off. */
export const SPEAKER_ICON = {
  body: 'M4 9v6h4l5 4V5L8 9z',
  waves: 'M16 8.5a5 5 0 0 1 0 7M18.5 6a8.5 8.5 0 0 1 0 12',
  muted: 'm16 9 6 6m0-6-6 6',
} as const;
