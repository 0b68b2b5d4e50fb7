import type { VideoOptions } from './video-service.ts';

/**
 * Agent accounts the dev platform creates on an empty database, so a demo can sign in to the agent
 * console at once. Demo only: stored as scrypt hashes like any account; a real service centre's
 * accounts come from its own directory.
 */
export const DEMO_AGENTS = [
  { username: 'agent01', password: 'banshi-demo-01', displayName: '帮办员 01', skills: [] },
  { username: 'agent02', password: 'banshi-demo-02', displayName: '帮办员 02', skills: [] },
];

/**
 * Video options of `npm run platform` from the environment: VIDEO_TURN_URLS (comma-separated, e.g.
 * "turn:10.0.0.5:3478?transport=udp,turns:turn.example.gov.cn:443?transport=tcp"), VIDEO_TURN_SECRET
 * (coturn's static-auth-secret), VIDEO_RELAY_ONLY=1. Without TURN, calls use host candidates only.
 */
export function videoOptionsFromEnv(env: NodeJS.ProcessEnv): VideoOptions {
  const urls = (env.VIDEO_TURN_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  return {
    seedAgents: DEMO_AGENTS,
    ...(urls.length && env.VIDEO_TURN_SECRET ? { turn: { urls, secret: env.VIDEO_TURN_SECRET } } : {}),
    relayOnly: env.VIDEO_RELAY_ONLY === '1',
  };
}
