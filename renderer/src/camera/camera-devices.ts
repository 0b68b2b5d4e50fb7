import type { CameraSettings } from '../../../electron/contract/camera.ts';

export type CameraRole = 'face' | 'document';
export type CameraProblem = 'missing' | 'busy' | 'denied' | 'virtual' | 'failed';

export class CameraError extends Error {
  readonly problem: CameraProblem;
  constructor(problem: CameraProblem, message: string) {
    super(message);
    this.name = 'CameraError';
    this.problem = problem;
  }
}

export interface DeviceLike {
  deviceId: string;
  label: string;
  kind: string;
}

export function isVirtual(label: string, patterns: readonly string[]): boolean {
  const l = label.toLowerCase();
  return patterns.some((p) => l.includes(p.toLowerCase()));
}

/**
 * Chooses the camera for a role: the configured deviceId, else the first whose label contains the
 * configured label, else the first camera. Virtual cameras (OBS, v4l2loopback …) replay any video and
 * so defeat the liveness check: refused unless the configuration allows them.
 */
export function pickCamera(devices: readonly DeviceLike[], role: CameraRole, s: CameraSettings): DeviceLike {
  const cams = devices.filter((d) => d.kind === 'videoinput');
  if (!cams.length) throw new CameraError('missing', 'no camera');
  const r = s[role];
  const wanted = r.deviceId
    ? cams.find((d) => d.deviceId === r.deviceId)
    : r.label
      ? cams.find((d) => d.label.toLowerCase().includes(r.label!.toLowerCase()))
      : cams.find((d) => s.allowVirtual || !isVirtual(d.label, s.virtualPatterns));
  if (!wanted) throw new CameraError(r.deviceId || r.label ? 'missing' : 'virtual', `no camera for ${role}`);
  if (!s.allowVirtual && isVirtual(wanted.label, s.virtualPatterns))
    throw new CameraError('virtual', 'virtual camera refused');
  return wanted;
}

export async function hasCamera(): Promise<boolean> {
  if (!navigator.mediaDevices?.enumerateDevices) return false;
  try {
    return (await navigator.mediaDevices.enumerateDevices()).some((d) => d.kind === 'videoinput');
  } catch {
    return false;
  }
}

/** Opens the role's camera; every failure becomes a CameraProblem the screen explains. */
export async function openCamera(role: CameraRole, s: CameraSettings): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new CameraError('missing', 'no media devices');
  const r = s[role];
  let stream: MediaStream;
  try {
    // Labels are only visible once access was granted; ask for any camera first, then choose.
    stream = await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: r.width }, height: { ideal: r.height } },
      audio: false,
    });
  } catch (e) {
    throw classify(e);
  }
  const devices = await navigator.mediaDevices.enumerateDevices();
  let chosen: DeviceLike;
  try {
    chosen = pickCamera(devices, role, s);
  } catch (e) {
    stream.getTracks().forEach((t) => t.stop());
    throw e;
  }
  const current = stream.getVideoTracks()[0]?.getSettings().deviceId;
  if (current === chosen.deviceId) return stream;
  stream.getTracks().forEach((t) => t.stop());
  try {
    return await navigator.mediaDevices.getUserMedia({
      video: { deviceId: { exact: chosen.deviceId }, width: { ideal: r.width }, height: { ideal: r.height } },
      audio: false,
    });
  } catch (e) {
    throw classify(e);
  }
}

function classify(e: unknown): CameraError {
  const name = e instanceof DOMException ? e.name : '';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return new CameraError('missing', name);
  if (name === 'NotReadableError' || name === 'AbortError') return new CameraError('busy', name);
  if (name === 'NotAllowedError' || name === 'SecurityError') return new CameraError('denied', name);
  return new CameraError('failed', e instanceof Error ? e.message : String(e));
}

export function stopStream(s: MediaStream | null): void {
  s?.getTracks().forEach((t) => t.stop());
}
