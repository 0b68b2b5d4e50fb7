import crypto from 'node:crypto';
import fs from 'node:fs';
import type http from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import type Database from 'better-sqlite3';
import { WebSocketServer, type WebSocket } from 'ws';
import { z } from 'zod';
import {
  AgentToPlatformSchema,
  KioskToPlatformSchema,
  type AgentToPlatform,
  type CallTicket,
  type KioskToPlatform,
  type PlatformToKiosk,
} from '../../electron/core/video/wire.ts';
import { iceConfig, type TurnOptions } from './turn-credentials.ts';
import { agentConsolePage, AGENT_CONSOLE_JS } from './agent-console.ts';
import { createAgentStore, type AgentRow } from './agent-store.ts';
import { RecordingStore } from './recording-store.ts';
import { HttpError, readBody, sendJson } from '../http-util.ts';

/**
 * Signalling and queue service for remote video 帮办, mounted in the dev platform. Call state is in
 * the platform database (video_call), so a restart keeps the queue: kiosks reconnect with their call
 * token and find their place. Sockets and not-yet-delivered signals are the only memory state.
 *
 * Routing is longest-idle: the head of the queue is offered to the connected, available agent with
 * the matching skill who has been free the longest (video_agent.idle_since).
 */
export interface VideoOptions {
  turn?: TurnOptions;
  /** Force TURN for both parties (closed networks; the relay-only test). */
  relayOnly?: boolean;
  /** How long a call waits for a kiosk whose socket dropped before it is ended. */
  graceMs?: number;
  /** How long an offered call waits for the agent's 接听 before it goes back to the queue. */
  offerTimeoutMs?: number;
  /** Days a consented recording is kept, then deleted with an audit row (default 30). */
  recordingRetentionDays?: number;
  /** Agents created on an empty database (demo); passwords are stored only as scrypt hashes. */
  seedAgents?: { username: string; password: string; displayName: string; skills?: string[] }[];
}

export interface VideoServiceDeps {
  db: Database.Database;
  dataDir: string;
  now: () => number;
  log: (line: string) => void;
  /** The platform's signed-request check; returns the kiosk id or throws. */
  authenticateKiosk(req: http.IncomingMessage, body: Buffer): string;
  options?: VideoOptions;
}

/** Test switches: real socket closes, no mocks. */
export interface VideoFaults {
  /** Closes the kiosk's signalling socket of this call and refuses its reconnection for `ms`. */
  cutKiosk(callId: string, ms: number): void;
}

export interface VideoService {
  /** true when the request was one of ours (and has been answered). */
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
  upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  addAgent(a: { username: string; password: string; displayName: string; skills?: string[] }): string;
  /** Deletes recordings past their retention (runs hourly by itself); returns the chunks removed. */
  purgeRecordings(): number;
  faults: VideoFaults;
  readonly recordingsDir: string;
  close(): void;
}

const DEFAULT_GRACE_MS = 60_000;
const DEFAULT_OFFER_TIMEOUT_MS = 30_000;
const MAX_PENDING = 200;
const MAX_CHUNK_BYTES = 8 * 1024 * 1024;
const DEFAULT_HANDLE_SEC = 180;

const sha256 = (s: string): string => crypto.createHash('sha256').update(s).digest('hex');

interface CallRow {
  id: string;
  kiosk_id: string;
  theme: string | null;
  token_hash: string;
  state: 'queued' | 'offered' | 'active' | 'ended';
  agent_id: string | null;
  created_at: number;
  answered_at: number | null;
  kiosk_seen_at: number;
  recording_consent: 'none' | 'asked' | 'granted' | 'refused';
}

const CallRequestBody = z.object({ theme: z.string().max(60).nullable().optional() }).strict();

export function createVideoService(deps: VideoServiceDeps): VideoService {
  const { db, now, log } = deps;
  const opts = deps.options ?? {};
  const graceMs = opts.graceMs ?? DEFAULT_GRACE_MS;
  const offerTimeoutMs = opts.offerTimeoutMs ?? DEFAULT_OFFER_TIMEOUT_MS;
  const agents = createAgentStore(db, now);
  if (opts.seedAgents && agents.count() === 0) for (const a of opts.seedAgents) agents.add(a);
  const recordings = new RecordingStore(path.join(deps.dataDir, 'video-recordings'));

  const wss = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });
  const kioskSockets = new Map<string, WebSocket>();
  const agentSockets = new Map<string, WebSocket>();
  /** Signals for a party whose socket is down right now; flushed when it is back (ICE restart offers). */
  const pendingForKiosk = new Map<string, PlatformToKiosk[]>();
  const pendingForAgent = new Map<string, unknown[]>();
  const refuseKioskUntil = new Map<string, number>();
  /** Agents that passed a call on (transfer) are not offered it again. */
  const skipped = new Map<string, Set<string>>();
  // After close() the database is gone: socket events still in flight must not touch it.
  let closed = false;

  const getCall = (id: string): CallRow | undefined =>
    db.prepare('SELECT * FROM video_call WHERE id = ?').get(id) as CallRow | undefined;
  const audit = (callId: string, kind: string, actor: string, detail: Record<string, unknown> = {}): void => {
    db.prepare('INSERT INTO video_audit (call_id, kind, actor, detail, at) VALUES (?, ?, ?, ?, ?)').run(
      callId,
      kind,
      actor,
      JSON.stringify(detail),
      now(),
    );
  };
  const iceFor = (callId: string, party: string) =>
    iceConfig(opts.turn, `${party}-${callId.slice(0, 8)}`, now(), opts.relayOnly ?? false);

  const sendKiosk = (callId: string, msg: PlatformToKiosk, queueIfAway = false): void => {
    const ws = kioskSockets.get(callId);
    if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    else if (queueIfAway) {
      const q = pendingForKiosk.get(callId) ?? [];
      if (q.length < MAX_PENDING) q.push(msg);
      pendingForKiosk.set(callId, q);
    }
  };
  const sendAgent = (agentId: string, msg: Record<string, unknown>, queueIfAway = false): void => {
    const ws = agentSockets.get(agentId);
    if (ws && ws.readyState === ws.OPEN) ws.send(JSON.stringify(msg));
    else if (queueIfAway) {
      const q = pendingForAgent.get(agentId) ?? [];
      if (q.length < MAX_PENDING) q.push(msg);
      pendingForAgent.set(agentId, q);
    }
  };

  const queued = (): CallRow[] =>
    db
      .prepare("SELECT * FROM video_call WHERE state = 'queued' ORDER BY created_at, rowid")
      .all() as CallRow[];
  const avgHandleSec = (): number => {
    const r = db
      .prepare(
        `SELECT AVG(ended_at - answered_at) AS ms FROM (SELECT ended_at, answered_at FROM video_call
         WHERE answered_at IS NOT NULL AND ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 20)`,
      )
      .get() as { ms: number | null };
    return r.ms ? Math.max(30, Math.round(r.ms / 1000)) : DEFAULT_HANDLE_SEC;
  };
  const onlineAgents = (): AgentRow[] => agents.available().filter((a) => agentSockets.has(a.id));
  const busyAgentIds = (): Set<string> =>
    new Set(
      (
        db
          .prepare(
            "SELECT agent_id FROM video_call WHERE state IN ('offered', 'active') AND agent_id IS NOT NULL",
          )
          .all() as { agent_id: string }[]
      ).map((r) => r.agent_id),
    );

  const queueView = () =>
    (
      db
        .prepare(
          "SELECT id, kiosk_id, theme, state, created_at, agent_id FROM video_call WHERE state != 'ended' ORDER BY created_at",
        )
        .all() as Pick<CallRow, 'id' | 'kiosk_id' | 'theme' | 'state' | 'created_at' | 'agent_id'>[]
    ).map((c) => ({
      id: c.id,
      kioskId: c.kiosk_id,
      theme: c.theme,
      state: c.state,
      agentId: c.agent_id,
      waitingSec: Math.max(0, Math.round((now() - c.created_at) / 1000)),
    }));

  /** Offers queued calls to free agents (longest idle first), then tells everyone where they stand. */
  const dispatch = (): void => {
    const busy = busyAgentIds();
    for (const call of queued()) {
      const skip = skipped.get(call.id);
      const agent = onlineAgents().find(
        (a) =>
          !busy.has(a.id) &&
          !skip?.has(a.id) &&
          (call.theme === null || a.skills.length === 0 || a.skills.includes(call.theme)),
      );
      if (!agent) continue;
      db.prepare("UPDATE video_call SET state = 'offered', agent_id = ?, offered_at = ? WHERE id = ?").run(
        agent.id,
        now(),
        call.id,
      );
      busy.add(agent.id);
      audit(call.id, 'call.offered', agent.id);
      sendAgent(agent.id, { t: 'offer', callId: call.id, kioskId: call.kiosk_id, theme: call.theme });
    }
    const q = queued();
    const handle = avgHandleSec();
    const online = Math.max(1, onlineAgents().length);
    q.forEach((c, i) =>
      sendKiosk(c.id, { t: 'queue', position: i + 1, waitSec: Math.round(((i + 1) * handle) / online) }),
    );
    const view = queueView();
    for (const id of agentSockets.keys()) sendAgent(id, { t: 'queue', calls: view });
  };

  const endCall = (callId: string, reason: string, actor: string): void => {
    const call = getCall(callId);
    if (!call || call.state === 'ended') return;
    db.transaction(() => {
      db.prepare("UPDATE video_call SET state = 'ended', ended_at = ?, end_reason = ? WHERE id = ?").run(
        now(),
        reason,
        callId,
      );
      if (call.agent_id && call.state === 'active') agents.setIdle(call.agent_id);
      audit(callId, 'call.ended', actor, { reason });
    })();
    sendKiosk(callId, { t: 'ended', reason });
    if (call.agent_id) sendAgent(call.agent_id, { t: 'ended', callId, reason });
    kioskSockets.get(callId)?.close(1000, 'ended');
    kioskSockets.delete(callId);
    pendingForKiosk.delete(callId);
    skipped.delete(callId);
    dispatch();
  };

  const requeue = (callId: string, reason: string): void => {
    db.prepare("UPDATE video_call SET state = 'queued', agent_id = NULL, offered_at = NULL WHERE id = ?").run(
      callId,
    );
    audit(callId, 'call.requeued', 'platform', { reason });
  };

  // A restart forgets every socket: calls offered to an agent go back to the queue head.
  db.prepare(
    "UPDATE video_call SET state = 'queued', agent_id = NULL, offered_at = NULL WHERE state = 'offered'",
  ).run();

  const sweep = (): void => {
    const t = now();
    const open = db.prepare("SELECT * FROM video_call WHERE state != 'ended'").all() as (CallRow & {
      offered_at: number | null;
    })[];
    for (const c of open) {
      if (!kioskSockets.has(c.id) && t - c.kiosk_seen_at > graceMs) endCall(c.id, 'kiosk-lost', 'platform');
      else if (c.state === 'offered' && c.offered_at !== null && t - c.offered_at > offerTimeoutMs) {
        // An agent who does not pick up is taken off the roster until they say they are back.
        if (c.agent_id) {
          agents.setAvailable(c.agent_id, false);
          sendAgent(c.agent_id, { t: 'missed', callId: c.id });
        }
        requeue(c.id, 'offer-timeout');
        dispatch();
      }
    }
  };
  const sweepTimer = setInterval(sweep, 1000);

  // Recordings show a resident's face and voice: kept for the retention period only.
  const retentionMs = (opts.recordingRetentionDays ?? 30) * 86_400_000;
  const purgeRecordings = (): number => {
    const old = db
      .prepare('SELECT call_id, seq, file FROM video_recording_chunk WHERE received_at < ?')
      .all(now() - retentionMs) as { call_id: string; seq: number; file: string }[];
    const perCall = new Map<string, number>();
    for (const c of old) {
      recordings.remove(c.file);
      db.prepare('DELETE FROM video_recording_chunk WHERE call_id = ? AND seq = ?').run(c.call_id, c.seq);
      perCall.set(c.call_id, (perCall.get(c.call_id) ?? 0) + 1);
    }
    for (const [callId, chunks] of perCall) audit(callId, 'recording.purged', 'platform', { chunks });
    return old.length;
  };
  purgeRecordings();
  const purgeTimer = setInterval(purgeRecordings, 3600_000);
  purgeTimer.unref();
  sweepTimer.unref();

  // ---- kiosk side ------------------------------------------------------------------------------

  const onKioskMessage = (callId: string, msg: KioskToPlatform): void => {
    const call = getCall(callId);
    if (!call || call.state === 'ended') return;
    switch (msg.t) {
      case 'signal':
        if (call.agent_id && call.state === 'active')
          sendAgent(call.agent_id, { t: 'signal', data: msg.data }, true);
        return;
      case 'hangup':
        return endCall(callId, 'kiosk-hangup', 'kiosk');
      case 'consent': {
        if (msg.what === 'recording') {
          db.prepare('UPDATE video_call SET recording_consent = ? WHERE id = ?').run(
            msg.granted ? 'granted' : 'refused',
            callId,
          );
        }
        audit(callId, `consent.${msg.what}`, 'kiosk', { granted: msg.granted });
        if (call.agent_id) sendAgent(call.agent_id, { t: 'consent', what: msg.what, granted: msg.granted });
        return;
      }
      case 'proposal-result':
        audit(callId, 'proposal.result', 'kiosk', { id: msg.id, accepted: msg.accepted });
        if (call.agent_id)
          sendAgent(call.agent_id, { t: 'proposal-result', id: msg.id, accepted: msg.accepted });
        return;
      case 'identity':
        audit(callId, 'identity.shared', 'kiosk');
        if (call.agent_id) sendAgent(call.agent_id, { t: 'identity', card: msg.card });
        return;
    }
  };

  const acceptKiosk = (ws: WebSocket, call: CallRow): void => {
    const prev = kioskSockets.get(call.id);
    if (prev && prev !== ws) prev.close(4000, 'replaced');
    kioskSockets.set(call.id, ws);
    db.prepare('UPDATE video_call SET kiosk_seen_at = ? WHERE id = ?').run(now(), call.id);
    const pos = queued().findIndex((c) => c.id === call.id);
    const agentName = call.agent_id ? (agents.get(call.agent_id)?.display_name ?? null) : null;
    ws.send(
      JSON.stringify({
        t: 'welcome',
        callId: call.id,
        state: call.state,
        position: pos + 1,
        waitSec: pos < 0 ? 0 : Math.round(((pos + 1) * avgHandleSec()) / Math.max(1, onlineAgents().length)),
        agentName: call.state === 'active' ? agentName : null,
        ice: iceFor(call.id, 'kiosk'),
      } satisfies PlatformToKiosk),
    );
    for (const m of pendingForKiosk.get(call.id) ?? []) ws.send(JSON.stringify(m));
    pendingForKiosk.delete(call.id);
    if (call.agent_id) sendAgent(call.agent_id, { t: 'kiosk-link', callId: call.id, up: true });
    ws.on('message', (raw) => {
      if (closed) return;
      db.prepare('UPDATE video_call SET kiosk_seen_at = ? WHERE id = ?').run(now(), call.id);
      let parsed;
      try {
        parsed = KioskToPlatformSchema.safeParse(JSON.parse(raw.toString()));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) return void ws.close(1008, 'bad message');
      onKioskMessage(call.id, parsed.data);
    });
    ws.on('close', () => {
      if (closed || kioskSockets.get(call.id) !== ws) return;
      kioskSockets.delete(call.id);
      db.prepare('UPDATE video_call SET kiosk_seen_at = ? WHERE id = ?').run(now(), call.id);
      const c = getCall(call.id);
      if (c?.agent_id && c.state !== 'ended')
        sendAgent(c.agent_id, { t: 'kiosk-link', callId: call.id, up: false });
    });
    dispatch();
  };

  // ---- agent side ------------------------------------------------------------------------------

  const activeCallOf = (agentId: string): CallRow | undefined =>
    db
      .prepare(
        "SELECT * FROM video_call WHERE agent_id = ? AND state IN ('offered', 'active') ORDER BY created_at DESC",
      )
      .get(agentId) as CallRow | undefined;

  const onAgentMessage = (agent: AgentRow, msg: AgentToPlatform): void => {
    const call = activeCallOf(agent.id);
    switch (msg.t) {
      case 'available':
        agents.setAvailable(agent.id, msg.on, msg.skills);
        return dispatch();
      case 'answer': {
        if (!call || call.id !== msg.callId || call.state !== 'offered') {
          return sendAgent(agent.id, { t: 'error', message: 'call is no longer offered to you' });
        }
        db.prepare("UPDATE video_call SET state = 'active', answered_at = ? WHERE id = ?").run(
          now(),
          call.id,
        );
        audit(call.id, 'call.answered', agent.id);
        sendAgent(agent.id, {
          t: 'call',
          callId: call.id,
          kioskId: call.kiosk_id,
          ice: iceFor(call.id, 'agent'),
        });
        sendKiosk(call.id, { t: 'answered', agentName: agent.display_name }, true);
        return dispatch();
      }
    }
    if (!call || call.state !== 'active') return;
    switch (msg.t) {
      case 'signal':
        return sendKiosk(call.id, { t: 'signal', data: msg.data }, true);
      case 'propose':
        // The value itself may be personal: the audit keeps only which field was proposed.
        audit(call.id, 'proposal.sent', agent.id, { id: msg.id, field: msg.field });
        return sendKiosk(call.id, { t: 'propose', id: msg.id, field: msg.field, value: msg.value }, true);
      case 'pointer':
        return sendKiosk(call.id, { t: 'pointer', x: msg.x, y: msg.y });
      case 'consent-request':
        if (msg.what === 'recording')
          db.prepare("UPDATE video_call SET recording_consent = 'asked' WHERE id = ?").run(call.id);
        audit(call.id, `consent.${msg.what}.asked`, agent.id);
        return sendKiosk(call.id, { t: 'consent-request', what: msg.what }, true);
      case 'identity-decision':
        db.prepare('UPDATE video_call SET identity_decision = ? WHERE id = ?').run(msg.decision, call.id);
        audit(call.id, 'identity.decision', agent.id, { decision: msg.decision });
        return sendKiosk(call.id, { t: 'identity-decision', decision: msg.decision }, true);
      case 'screen-video':
        audit(call.id, 'screen-video', agent.id, { on: msg.on });
        return sendKiosk(call.id, { t: 'screen-video', on: msg.on }, true);
      case 'notes':
        db.prepare('UPDATE video_call SET notes = ? WHERE id = ?').run(msg.text, call.id);
        return;
      case 'transfer': {
        const s = skipped.get(call.id) ?? new Set<string>();
        s.add(agent.id);
        skipped.set(call.id, s);
        agents.setIdle(agent.id);
        requeue(call.id, 'transfer');
        sendAgent(agent.id, { t: 'ended', callId: call.id, reason: 'transferred' });
        sendKiosk(call.id, { t: 'ended', reason: 'transferred' });
        return dispatch();
      }
      case 'hangup':
        return endCall(call.id, 'agent-hangup', agent.id);
    }
  };

  const acceptAgent = (ws: WebSocket, agent: AgentRow): void => {
    agentSockets.get(agent.id)?.close(4000, 'replaced');
    agentSockets.set(agent.id, ws);
    sendAgent(agent.id, {
      t: 'hello',
      agent: { id: agent.id, name: agent.display_name, available: agent.available === 1 },
    });
    const call = activeCallOf(agent.id);
    if (call?.state === 'active')
      sendAgent(agent.id, {
        t: 'call',
        callId: call.id,
        kioskId: call.kiosk_id,
        ice: iceFor(call.id, 'agent'),
        resumed: true,
      });
    else if (call?.state === 'offered')
      sendAgent(agent.id, { t: 'offer', callId: call.id, kioskId: call.kiosk_id, theme: call.theme });
    for (const m of pendingForAgent.get(agent.id) ?? []) ws.send(JSON.stringify(m));
    pendingForAgent.delete(agent.id);
    ws.on('message', (raw) => {
      if (closed) return;
      let parsed;
      try {
        parsed = AgentToPlatformSchema.safeParse(JSON.parse(raw.toString()));
      } catch {
        parsed = null;
      }
      if (!parsed?.success) return void ws.close(1008, 'bad message');
      onAgentMessage(agents.get(agent.id) ?? agent, parsed.data);
    });
    ws.on('close', () => {
      if (closed || agentSockets.get(agent.id) !== ws) return;
      agentSockets.delete(agent.id);
      const c = activeCallOf(agent.id);
      if (c?.state === 'offered') requeue(c.id, 'agent-left');
      if (c?.state === 'active') sendKiosk(c.id, { t: 'agent-link', up: false });
      dispatch();
    });
    dispatch();
  };

  const agentFromToken = (token: string | null): AgentRow | null => (token ? agents.bySession(token) : null);
  const bearer = (req: http.IncomingMessage): string | null => {
    const h = req.headers.authorization;
    return h?.startsWith('Bearer ') ? h.slice(7) : null;
  };

  // ---- HTTP ------------------------------------------------------------------------------------

  const consoleCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self' ws: wss:; frame-src 'self'; object-src 'none'; base-uri 'none'";
  const rrwebDir = path.join(
    path.dirname(new URL(import.meta.url).pathname),
    '..',
    '..',
    'node_modules',
    'rrweb',
    'dist',
  );

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const p = url.pathname;
    const method = req.method ?? 'GET';
    if (!p.startsWith('/video') && !p.startsWith('/v1/video')) return false;
    try {
      if (p === '/v1/video/calls' && method === 'POST') {
        const body = await readBody(req, 16 * 1024);
        const kioskId = deps.authenticateKiosk(req, body);
        const parsed = CallRequestBody.safeParse(JSON.parse(body.toString('utf8') || '{}'));
        if (!parsed.success) throw new HttpError(400, 'invalid call request');
        // One call per kiosk: a second press replaces a call the kiosk lost track of (e.g. a crash).
        const old = db
          .prepare("SELECT id FROM video_call WHERE kiosk_id = ? AND state != 'ended'")
          .all(kioskId) as { id: string }[];
        for (const o of old) endCall(o.id, 'replaced', 'kiosk');
        const id = crypto.randomUUID();
        const token = crypto.randomBytes(32).toString('base64url');
        db.prepare(
          "INSERT INTO video_call (id, kiosk_id, theme, token_hash, state, created_at, kiosk_seen_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)",
        ).run(id, kioskId, parsed.data.theme ?? null, sha256(token), now(), now());
        audit(id, 'call.queued', kioskId, { theme: parsed.data.theme ?? null });
        log(`video call queued from ${kioskId}`);
        const ticket: CallTicket = { callId: id, token, wsPath: '/video/ws', ice: iceFor(id, 'kiosk') };
        sendJson(res, 201, ticket);
        dispatch();
        return true;
      }
      let m: RegExpExecArray | null;
      if ((m = /^\/v1\/video\/calls\/([0-9a-f-]{36})\/ice$/.exec(p)) && method === 'POST') {
        // Fresh TURN credentials before an ICE restart: the ones from the ticket may have expired.
        const kioskId = deps.authenticateKiosk(req, await readBody(req, 1024));
        const call = getCall(m[1]!);
        if (!call || call.kiosk_id !== kioskId) throw new HttpError(404, 'no such call of this kiosk');
        if (call.state === 'ended') throw new HttpError(410, 'call ended');
        sendJson(res, 200, iceFor(call.id, 'kiosk'));
        return true;
      }
      if (p === '/video/agent' && method === 'GET') {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': consoleCsp,
        });
        res.end(agentConsolePage());
        return true;
      }
      if (p === '/video/assets/console.js' && method === 'GET') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(AGENT_CONSOLE_JS);
        return true;
      }
      if ((p === '/video/assets/rrweb.js' || p === '/video/assets/rrweb.css') && method === 'GET') {
        const file = path.join(rrwebDir, p.endsWith('.js') ? 'rrweb.umd.min.cjs' : 'style.css');
        res.writeHead(200, {
          'content-type': p.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8',
          'cache-control': 'max-age=3600',
        });
        res.end(fs.readFileSync(file));
        return true;
      }
      if (p === '/video/api/login' && method === 'POST') {
        const b = z
          .object({ username: z.string().min(1).max(60), password: z.string().min(1).max(200) })
          .safeParse(JSON.parse((await readBody(req, 4096)).toString('utf8') || 'null'));
        if (!b.success) throw new HttpError(400, 'invalid login');
        const s = agents.login(b.data.username, b.data.password);
        if (!s) {
          log('agent login refused');
          throw new HttpError(401, 'wrong username or password');
        }
        sendJson(res, 200, s);
        return true;
      }
      if ((m = /^\/video\/api\/calls\/([0-9a-f-]{36})\/recording$/.exec(p)) && method === 'POST') {
        const agent = agentFromToken(bearer(req));
        if (!agent) throw new HttpError(401, 'sign in first');
        const call = getCall(m[1]!);
        if (!call || call.agent_id !== agent.id) throw new HttpError(404, 'no such call of yours');
        const seq = Number(url.searchParams.get('seq'));
        if (!Number.isInteger(seq) || seq < 0 || seq > 100_000) throw new HttpError(400, 'seq');
        const data = await readBody(req, MAX_CHUNK_BYTES);
        if (call.recording_consent !== 'granted') {
          // The console should never send this; if it does, nothing is kept and the attempt is audited.
          audit(call.id, 'recording.refused-upload', agent.id, { consent: call.recording_consent });
          throw new HttpError(409, 'the resident has not agreed to recording');
        }
        const mime = (req.headers['content-type'] ?? 'application/octet-stream').slice(0, 80);
        const stored = recordings.put(call.id, seq, data);
        db.prepare(
          'INSERT OR REPLACE INTO video_recording_chunk (call_id, seq, file, size, sha256, mime, received_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
        ).run(call.id, seq, stored.file, data.length, stored.sha256, mime, now());
        if (seq === 0) audit(call.id, 'recording.started', agent.id);
        sendJson(res, 201, { seq, size: data.length });
        return true;
      }
      throw new HttpError(404, 'no such video endpoint');
    } catch (e) {
      if (res.headersSent) return true;
      if (e instanceof HttpError) sendJson(res, e.status, { error: e.message });
      else if (e && typeof e === 'object' && 'status' in e && typeof e.status === 'number')
        sendJson(res, e.status, { error: (e as { message?: string }).message ?? 'refused' });
      else if (e instanceof SyntaxError) sendJson(res, 400, { error: 'body is not JSON' });
      else {
        log(`video internal error: ${(e as Error).message}`);
        sendJson(res, 500, { error: 'internal error' });
      }
      return true;
    }
  }

  function upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean {
    const url = new URL(req.url ?? '/', 'http://platform');
    if (url.pathname !== '/video/ws') return false;
    const refuse = (status: number, why: string): true => {
      socket.write(`HTTP/1.1 ${status} ${why}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return true;
    };
    const agentToken = url.searchParams.get('agent');
    if (agentToken) {
      const agent = agentFromToken(agentToken);
      if (!agent) return refuse(401, 'Unauthorized');
      wss.handleUpgrade(req, socket, head, (ws) => acceptAgent(ws, agent));
      return true;
    }
    let kioskId: string;
    try {
      kioskId = deps.authenticateKiosk(req, Buffer.alloc(0));
    } catch {
      return refuse(401, 'Unauthorized');
    }
    const callId = url.searchParams.get('call') ?? '';
    const token = String(req.headers['x-call-token'] ?? '');
    const call = getCall(callId);
    if (!call || call.kiosk_id !== kioskId || call.token_hash !== sha256(token))
      return refuse(403, 'Forbidden');
    if (call.state === 'ended') return refuse(410, 'Gone');
    if ((refuseKioskUntil.get(callId) ?? 0) > now()) return refuse(503, 'Service Unavailable');
    wss.handleUpgrade(req, socket, head, (ws) => acceptKiosk(ws, call));
    return true;
  }

  return {
    handle,
    upgrade,
    addAgent: (a) => agents.add(a),
    purgeRecordings,
    recordingsDir: recordings.dir,
    faults: {
      cutKiosk(callId, ms) {
        refuseKioskUntil.set(callId, now() + ms);
        kioskSockets.get(callId)?.terminate();
      },
    },
    close() {
      closed = true;
      clearInterval(sweepTimer);
      clearInterval(purgeTimer);
      for (const ws of [...kioskSockets.values(), ...agentSockets.values()]) ws.terminate();
      wss.close();
    },
  };
}
