/**
 * Switches the fault tests flip on a running dev platform. Each counter applies to the next N
 * matching requests and counts down; nothing is random, so a failing test replays exactly.
 */
export interface PlatformFaults {
  /** Answer 500 before doing anything. */
  status500: number;
  /** Do the work and commit, then drop the connection without an answer. */
  dropAfterCommit: number;
  /** Do the work and commit, then answer 200 with a body that is not JSON. */
  garbageAfterCommit: number;
  /** Hold every answer this long (a slow link; with a client timeout below it, a timeout). */
  delayMs: number;
  /** Cut the upload connection once uploadBytesReceived reaches this many bytes (then clears itself). */
  cutUploadAfterBytes: number | null;
  /** Flip one bit in the body of the next N uploads as it arrives (damage in transit). */
  corruptUploads: number;
  /** Upload body bytes received (all tus requests), for the resumption test. */
  uploadBytesReceived: number;
  /** Requests refused by signature checks, by reason. */
  refused: Record<string, number>;
}

export function noFaults(): PlatformFaults {
  return {
    status500: 0,
    dropAfterCommit: 0,
    garbageAfterCommit: 0,
    delayMs: 0,
    cutUploadAfterBytes: null,
    corruptUploads: 0,
    uploadBytesReceived: 0,
    refused: {},
  };
}
