/**
 * Audio-only fallback on village links: when the estimated uplink stays below LOW for a few samples
 * the kiosk stops sending camera video (voice keeps the call alive); it comes back once the link
 * has stayed above HIGH for a while. Two thresholds so a link near the edge does not flap.
 */
export const LOW_KBPS = 150;
export const HIGH_KBPS = 350;
export const SAMPLES = 3;

export interface BandwidthState {
  audioOnly: boolean;
  below: number;
  above: number;
}

export const initialBandwidth: BandwidthState = { audioOnly: false, below: 0, above: 0 };

/** One sample of availableOutgoingBitrate (kbps; null when the browser has no estimate yet). */
export function nextBandwidth(s: BandwidthState, kbps: number | null): BandwidthState {
  if (kbps === null) return s;
  const below = kbps < LOW_KBPS ? s.below + 1 : 0;
  const above = kbps > HIGH_KBPS ? s.above + 1 : 0;
  if (!s.audioOnly && below >= SAMPLES) return { audioOnly: true, below: 0, above: 0 };
  if (s.audioOnly && above >= SAMPLES) return { audioOnly: false, below: 0, above: 0 };
  return { audioOnly: s.audioOnly, below, above };
}
