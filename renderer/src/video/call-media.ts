import type { KioskClient } from '../../../electron/contract/index.ts';
import { CameraError, openCamera } from '../camera/camera-devices.ts';

/**
 * Camera and microphone for a call. The camera is the face camera of the camera settings (the same
 * device role the face check uses, virtual cameras refused: the agent may verify identity on this
 * picture), at 480p. No camera, or a refused one, still gives a voice call.
 */
export async function openCallMedia(client: KioskClient): Promise<MediaStream> {
  const audio = await navigator.mediaDevices.getUserMedia({ audio: true }).catch(() => null);
  let video: MediaStream | null = null;
  try {
    const s = await client.call('camera.settings', {});
    video = await openCamera('face', { ...s, face: { ...s.face, width: 640, height: 480 } });
  } catch (e) {
    // A virtual camera stays refused; any other trouble (settings unavailable) tries the default camera.
    if (!(e instanceof CameraError && e.problem === 'virtual'))
      video = await navigator.mediaDevices
        .getUserMedia({ video: { width: 640, height: 480, frameRate: 15 } })
        .catch(() => null);
  }
  return new MediaStream([...(audio?.getAudioTracks() ?? []), ...(video?.getVideoTracks() ?? [])]);
}
