import type { RefObject } from 'react';

/** Mirrored live preview with an oval guide; the video is decorative for screen readers (guidance is spoken). */
export function FaceCamera({ videoRef }: { videoRef: RefObject<HTMLVideoElement | null> }) {
  return (
    <div className="camera-frame camera-frame-face" aria-hidden="true">
      <video ref={videoRef} className="camera-video camera-mirror" muted playsInline autoPlay />
      <div className="camera-guide-oval" />
    </div>
  );
}
