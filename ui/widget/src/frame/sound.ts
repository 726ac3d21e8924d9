let context: AudioContext | null = null;

/** A short, soft two-note chime for a new agent message; silent where audio is not allowed yet. */
export const chime = (): void => {
  try {
    if (context?.state !== 'running') return; // browsers allow sound only after the visitor interacted
    const now = context.currentTime;
    for (const [i, freq] of [660, 880].entries()) {
      const osc = context.createOscillator();
      const gain = context.createGain();
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, now + i * 0.12);
      gain.gain.exponentialRampToValueAtTime(0.08, now + i * 0.12 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.12 + 0.18);
      osc.connect(gain).connect(context.destination);
      osc.start(now + i * 0.12);
      osc.stop(now + i * 0.12 + 0.2);
    }
  } catch {
    // no audio: nothing to do
  }
};

/** Called on a visitor's click or key press, when browsers let audio start. */
export const unlockSound = (): void => {
  try {
    context ??= new AudioContext();
    if (context.state === 'suspended') void context.resume();
  } catch {
    // no audio
  }
};
