import type { videoZhCN } from './video.zh-CN.ts';

/** English for remote video help; same keys as zh-CN. */
export const videoEn: Record<keyof typeof videoZhCN, string> = {
  'video.call': 'Call an agent',
  'video.panel': 'Remote video help',
  'video.requesting': 'Calling an agent…',
  'video.position': 'You are number {n} in the queue',
  'video.wait': 'Expected wait about {min} min',
  'video.waitSoon': 'Connecting you now',
  'video.active': 'Agent {name} is helping you',
  'video.reconnecting': 'The network is unstable, reconnecting, please wait…',
  'video.agentAway': "The agent's connection dropped, please wait",
  'video.audioOnly': 'Slow network: switched to voice only',
  'video.hangup': 'Hang up',
  'video.cancel': 'Cancel the call',
  'video.ended': 'The call has ended',
  'video.close': 'Close',
  'video.agentVideo': "Agent's video",
  'video.selfVideo': 'Your video',
  'video.proposal.title': 'The agent suggests',
  'video.proposal.body': '"{field}": {value}',
  'video.proposal.confirm': 'Fill it in',
  'video.proposal.reject': 'No thanks',
  'video.proposal.notHere': 'That field is not on this page; the agent will guide you to it',
  'video.consent.recording.title': 'The agent asks to record this call',
  'video.consent.recording.body':
    'The recording is used only for service quality and disputes and is deleted after the set period. You may refuse; your application is not affected.',
  'video.consent.identity.title': 'The agent asks to verify your identity remotely',
  'video.consent.identity.body':
    'If you agree, the agent sees the name and part of the number on your ID card and confirms by video that it is you.',
  'video.consent.agree': 'Agree',
  'video.consent.refuse': 'Refuse',
  'video.identity.verified': 'Identity verified',
  'video.identity.rejected': 'Identity not verified; please follow the agent',
  'video.pointer': 'The agent points here',
  'video.errors.unavailable': 'Remote help is not available now; try again later or ask the staff on site',
  'video.errors.noCall': 'There is no call in progress',
};
