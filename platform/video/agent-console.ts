/**
 * The agent console (坐席台) of remote video 帮办, served by the dev platform at /video/agent: sign in,
 * availability and skills, the queue, answer, both videos, the kiosk's screen replayed from rrweb
 * events (masked on the kiosk before they leave it), pointer, field proposals, identity decision,
 * recording after consent, notes, transfer and hang up. Plain browser JS (no build step) so the
 * platform stays one process; `window.videoAgent` exposes state for the end-to-end tests.
 */
export function agentConsolePage(): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8" />
<title>远程帮办坐席台 Agent console</title>
<link rel="stylesheet" href="/video/assets/rrweb.css" />
<style>
  body { font-family: system-ui, "Noto Sans CJK SC", sans-serif; margin: 0; background: #f4f6f8; color: #1a1a1a; }
  header { background: #0b4f8a; color: #fff; padding: 8px 16px; display: flex; gap: 16px; align-items: center; }
  main { display: grid; grid-template-columns: 280px 1fr 320px; gap: 12px; padding: 12px; }
  section { background: #fff; border-radius: 6px; padding: 10px; }
  h2 { font-size: 16px; margin: 0 0 8px; }
  video { width: 100%; background: #000; border-radius: 4px; }
  #screen-wrap { position: relative; width: 360px; height: 640px; overflow: hidden; border: 1px solid #ccc; background: #eee; cursor: crosshair; }
  #screen { transform-origin: 0 0; }
  #screen .replayer-mouse { display: none; }
  #screen iframe { border: 0; pointer-events: none; }
  button { font-size: 14px; padding: 6px 10px; margin: 2px; }
  input, textarea { font-size: 14px; padding: 4px; box-sizing: border-box; }
  .row { display: flex; gap: 6px; flex-wrap: wrap; align-items: center; margin: 4px 0; }
  #log { font-size: 12px; max-height: 160px; overflow: auto; color: #555; }
  .muted { color: #666; }
</style>
</head>
<body>
<header><strong>远程帮办坐席台</strong><span id="who" class="muted"></span><span id="link"></span></header>
<div id="login-box" style="padding:16px">
  <form id="login">
    <label>用户名 <input id="username" autocomplete="username" /></label>
    <label>密码 <input id="password" type="password" autocomplete="current-password" /></label>
    <button type="submit" id="login-btn">登录</button> <span id="login-error" role="alert"></span>
  </form>
</div>
<main id="desk" hidden>
  <section>
    <h2>接单</h2>
    <div class="row"><label><input type="checkbox" id="available" /> 空闲可接听</label></div>
    <div class="row"><label>技能（事项主题，逗号分隔） <input id="skills" /></label></div>
    <h2>排队</h2>
    <ul id="queue"></ul>
    <div id="incoming" hidden><p>来电 <span id="incoming-kiosk"></span></p><button id="answer">接听</button></div>
  </section>
  <section>
    <h2>通话 <span id="call-state" class="muted"></span></h2>
    <div class="row">
      <video id="remote-video" autoplay playsinline muted></video>
      <video id="local-video" autoplay playsinline muted style="width:160px"></video>
    </div>
    <h2>终端屏幕（已遮蔽个人信息）</h2>
    <div class="row"><button id="screen-video-toggle">屏幕视频</button><span class="muted">页面以外的内容（如画布、系统窗口）可改看视频</span></div>
    <video id="screen-video" autoplay playsinline muted hidden style="width:360px"></video>
    <div id="screen-wrap"><div id="screen"></div></div>
  </section>
  <section>
    <h2>代填建议</h2>
    <div class="row"><input id="propose-field" placeholder="字段 field key" /><input id="propose-value" placeholder="建议值" /><button id="propose">发送建议</button></div>
    <ul id="proposals"></ul>
    <h2>身份核验</h2>
    <div class="row"><button id="ask-identity">请求核验</button></div>
    <div id="identity"></div>
    <div class="row"><button id="id-verified">核验通过</button><button id="id-rejected">核验不通过</button></div>
    <h2>录像</h2>
    <div class="row"><button id="ask-recording">请求录像</button><span id="recording-state"></span></div>
    <h2>备注</h2>
    <textarea id="notes" rows="3" style="width:100%"></textarea>
    <div class="row"><button id="transfer">转接</button><button id="hangup">挂断</button></div>
    <div id="log"></div>
  </section>
</main>
<script src="/video/assets/rrweb.js"></script>
<script src="/video/assets/console.js"></script>
</body>
</html>`;
}

export const AGENT_CONSOLE_JS = String.raw`
'use strict';
(function () {
  var $ = function (id) { return document.getElementById(id); };
  var state = {
    token: sessionStorage.getItem('agentToken'), ws: null, callId: null, pc: null, ice: null,
    local: null, remote: null, replayer: null, events: [], parts: {}, pointerSent: 0,
    recorder: null, chunksUploaded: 0, chunksRefused: 0, consent: {}, identity: null, proposals: {},
    kioskLinkUp: null, offered: null, queue: [], connectedAt: null, retry: 0
  };
  window.videoAgent = state;
  function log(s) { var d = document.createElement('div'); d.textContent = new Date().toLocaleTimeString() + ' ' + s; $('log').prepend(d); }
  function send(m) { if (state.ws && state.ws.readyState === 1) state.ws.send(JSON.stringify(m)); }

  $('login').addEventListener('submit', function (e) {
    e.preventDefault();
    fetch('/video/api/login', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: $('username').value, password: $('password').value }) })
      .then(function (r) { return r.json().then(function (b) { return { ok: r.ok, b: b }; }); })
      .then(function (r) {
        if (!r.ok) { $('login-error').textContent = '用户名或密码错误'; return; }
        state.token = r.b.token; sessionStorage.setItem('agentToken', r.b.token); connect();
      });
  });

  function connect() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/video/ws?agent=' + encodeURIComponent(state.token));
    state.ws = ws;
    ws.onopen = function () { state.retry = 0; $('link').textContent = '● 在线'; };
    ws.onclose = function (e) {
      $('link').textContent = '○ 离线';
      if (e.code === 4000) return;
      if (!state.everOpen) { $('login-box').hidden = false; $('desk').hidden = true; return; }
      setTimeout(connect, Math.min(5000, 300 * Math.pow(2, state.retry++)));
    };
    ws.onmessage = function (e) { onMessage(JSON.parse(e.data)); };
  }

  function onMessage(m) {
    switch (m.t) {
      case 'hello':
        state.everOpen = true;
        $('login-box').hidden = true; $('desk').hidden = false;
        $('who').textContent = m.agent.name; $('available').checked = m.agent.available; break;
      case 'queue':
        state.queue = m.calls;
        var ul = $('queue'); ul.textContent = '';
        m.calls.forEach(function (c) { var li = document.createElement('li'); li.textContent = c.kioskId + ' · ' + (c.theme || '通用') + ' · ' + c.state + ' · ' + c.waitingSec + 's'; ul.appendChild(li); });
        break;
      case 'offer':
        state.offered = m.callId; $('incoming').hidden = false; $('incoming-kiosk').textContent = m.kioskId; break;
      case 'missed':
        state.offered = null; $('incoming').hidden = true; $('available').checked = false; log('未接听，已置为忙碌'); break;
      case 'call':
        $('incoming').hidden = true; state.offered = null; startCall(m); break;
      case 'signal': onSignal(m.data); break;
      case 'kiosk-link': state.kioskLinkUp = m.up; log(m.up ? '终端信令已恢复' : '终端信令中断'); break;
      case 'consent':
        state.consent[m.what] = m.granted;
        log((m.what === 'recording' ? '录像' : '身份核验') + (m.granted ? '：居民同意' : '：居民拒绝'));
        if (m.what === 'recording') { $('recording-state').textContent = m.granted ? '录像中' : '居民拒绝录像'; if (m.granted) startRecording(); }
        break;
      case 'identity':
        state.identity = m.card;
        $('identity').textContent = m.card ? (m.card.name + ' ' + m.card.idMasked) : '终端未读取身份证';
        break;
      case 'proposal-result':
        state.proposals[m.id] = m.accepted;
        var li = document.getElementById('p-' + m.id); if (li) li.dataset.result = m.accepted ? 'accepted' : 'rejected';
        if (li) li.textContent += m.accepted ? ' ✓ 已确认' : ' ✗ 已拒绝';
        break;
      case 'ended': endCall(m.reason); break;
      case 'error': log(m.message); break;
    }
  }

  $('available').addEventListener('change', function () {
    var skills = $('skills').value.split(/[,，]/).map(function (s) { return s.trim(); }).filter(Boolean);
    send({ t: 'available', on: $('available').checked, skills: skills });
  });
  $('answer').addEventListener('click', function () { if (state.offered) send({ t: 'answer', callId: state.offered }); });

  function startCall(m) {
    if (state.pc && state.callId === m.callId) return;
    state.callId = m.callId; state.ice = m.ice; state.kioskId = m.kioskId; state.events = []; state.connectedAt = null;
    $('call-state').textContent = m.kioskId;
    var pc = new RTCPeerConnection({ iceServers: m.ice.iceServers, iceTransportPolicy: m.ice.iceTransportPolicy });
    state.pc = pc;
    pc.onicecandidate = function (e) { send({ t: 'signal', data: { candidate: e.candidate ? e.candidate.toJSON() : null } }); };
    pc.ontrack = function (e) {
      // The kiosk sends the screen-as-video in a stream of its own: the first stream is the camera.
      var sid = e.streams && e.streams[0] ? e.streams[0].id : '';
      if (!state.cameraStreamId) state.cameraStreamId = sid;
      if (sid && sid !== state.cameraStreamId) {
        $('screen-video').srcObject = e.streams[0]; $('screen-video').hidden = false; return;
      }
      if (!state.remote) state.remote = new MediaStream();
      state.remote.addTrack(e.track);
      $('remote-video').srcObject = state.remote;
    };
    pc.onconnectionstatechange = function () {
      $('call-state').textContent = state.callId + ' ' + pc.connectionState;
      if (pc.connectionState === 'connected' && !state.connectedAt) state.connectedAt = Date.now();
    };
    pc.ondatachannel = function (e) {
      if (e.channel.label !== 'screen') return;
      e.channel.binaryType = 'arraybuffer';
      e.channel.onmessage = function (x) { onScreenPart(new Uint8Array(x.data)); };
    };
    state.localReady = navigator.mediaDevices.getUserMedia({ audio: true, video: { width: 640, height: 480, frameRate: 15 } })
      .then(function (s) { state.local = s; $('local-video').srcObject = s; return s; })
      .catch(function () { log('坐席摄像头不可用，仅接收'); return null; });
  }

  // Signals are applied one after another in arrival order: a candidate applied before its offer
  // would be rejected, and a lost relay candidate can sink a relay-only call.
  var inbox = Promise.resolve();
  function onSignal(d) {
    inbox = inbox.then(function () { return applySignal(d); }).catch(function (e) { log('协商失败 ' + e.message); });
  }
  function fingerprint(sdp) { var m = /a=fingerprint:(\S+ \S+)/.exec(sdp || ''); return m ? m[1] : ''; }
  function applySignal(d) {
    var pc = state.pc; if (!pc) return;
    if (d.sdp && pc.remoteDescription && fingerprint(d.sdp.sdp) !== fingerprint(pc.remoteDescription.sdp)) {
      // A new DTLS identity on the same call: the kiosk's screen restarted (renderer reload after a
      // fault). Start a fresh peer connection for it; the call, queue place and notes stay.
      var again = { callId: state.callId, ice: state.ice, kioskId: state.kioskId };
      pc.close();
      if (state.local) state.local.getTracks().forEach(function (t) { t.stop(); });
      state.pc = null; state.local = null; state.remote = null; state.replayer = null; state.cameraStreamId = null;
      $('screen').textContent = '';
      state.peerRestarts = (state.peerRestarts || 0) + 1;
      startCall(again);
      pc = state.pc;
    }
    if (d.sdp) {
      return state.localReady.then(function (local) {
        return pc.setRemoteDescription(d.sdp).then(function () {
          if (local && pc.getSenders().every(function (s) { return !s.track; })) local.getTracks().forEach(function (t) { pc.addTrack(t, local); });
          return pc.createAnswer();
        }).then(function (a) { return pc.setLocalDescription(a); })
          .then(function () { send({ t: 'signal', data: { sdp: { type: 'answer', sdp: pc.localDescription.sdp } } }); });
      });
    }
    if (d.candidate) return pc.addIceCandidate(d.candidate).catch(function () {});
  }

  // Kiosk screen: deflated batches of rrweb events in binary parts (u32 id, u16 index, u16 count,
  // bytes), joined and inflated here in order (renderer/src/video/frame-parts.ts is the other end).
  var inflating = Promise.resolve();
  function onScreenPart(part) {
    if (part.length < 8) return;
    var v = new DataView(part.buffer, part.byteOffset, part.byteLength);
    var id = v.getUint32(0), i = v.getUint16(4), n = v.getUint16(6);
    if (!n || i >= n) return;
    var p = state.parts[id] || (state.parts[id] = []);
    p[i] = part.subarray(8);
    state.screenBytes = (state.screenBytes || 0) + part.length;
    for (var k = 0; k < n; k++) if (!p[k]) return;
    delete state.parts[id];
    var packed = new Blob(p);
    inflating = inflating.then(function () {
      return new Response(packed.stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
    }).then(function (text) { onEvents(JSON.parse(text)); }).catch(function (e) { log('屏幕数据错误 ' + e.message); });
  }
  function onEvents(evs) {
    evs.forEach(function (ev) {
      state.events.push(ev);
      if (!state.replayer) {
        if (ev.type !== 4 && ev.type !== 2) return;
        $('screen').textContent = '';
        state.replayer = new rrweb.Replayer([], { root: $('screen'), liveMode: true, mouseTail: false, showWarning: false });
        state.replayer.startLive(ev.timestamp - 300);
      }
      if (ev.type === 4 && ev.data && ev.data.width) fit(ev.data.width, ev.data.height);
      state.replayer.addEvent(ev);
    });
  }
  function fit(w, h) {
    var s = Math.min(360 / w, 640 / h); state.scale = s; state.screenW = w; state.screenH = h;
    $('screen').style.transform = 'scale(' + s + ')';
  }

  $('screen-wrap').addEventListener('click', function (e) {
    var r = $('screen-wrap').getBoundingClientRect();
    if (!state.scale) return;
    var x = (e.clientX - r.left) / (state.screenW * state.scale), y = (e.clientY - r.top) / (state.screenH * state.scale);
    if (x < 0 || x > 1 || y < 0 || y > 1) return;
    state.pointerSent++; send({ t: 'pointer', x: x, y: y });
  });

  var pid = 0;
  $('propose').addEventListener('click', function () {
    var id = 'p' + Date.now().toString(36) + (pid++);
    var field = $('propose-field').value.trim(), value = $('propose-value').value;
    if (!field) return;
    send({ t: 'propose', id: id, field: field, value: value });
    var li = document.createElement('li'); li.id = 'p-' + id; li.textContent = field + ' ← ' + value; $('proposals').appendChild(li);
  });
  $('screen-video-toggle').addEventListener('click', function () {
    state.screenVideoOn = !state.screenVideoOn;
    if (!state.screenVideoOn) { $('screen-video').hidden = true; $('screen-video').srcObject = null; }
    send({ t: 'screen-video', on: state.screenVideoOn });
  });
  $('ask-identity').addEventListener('click', function () { send({ t: 'consent-request', what: 'identity' }); });
  $('id-verified').addEventListener('click', function () { send({ t: 'identity-decision', decision: 'verified' }); });
  $('id-rejected').addEventListener('click', function () { send({ t: 'identity-decision', decision: 'rejected' }); });
  $('ask-recording').addEventListener('click', function () { $('recording-state').textContent = '等待居民同意'; send({ t: 'consent-request', what: 'recording' }); });
  var notesTimer = null;
  $('notes').addEventListener('input', function () { clearTimeout(notesTimer); notesTimer = setTimeout(function () { send({ t: 'notes', text: $('notes').value }); }, 500); });
  $('transfer').addEventListener('click', function () { send({ t: 'transfer' }); });
  $('hangup').addEventListener('click', function () { send({ t: 'hangup' }); });

  // Recording happens here, on the agent side, and only after the kiosk's consent event arrived.
  function startRecording() {
    if (state.recorder || !state.remote || state.consent.recording !== true) return;
    var types = ['video/webm;codecs=vp8,opus', 'video/webm'];
    var mime = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || '';
    var rec = new MediaRecorder(state.remote, mime ? { mimeType: mime } : {});
    var seq = 0, callId = state.callId;
    rec.ondataavailable = function (e) {
      if (!e.data || !e.data.size) return;
      fetch('/video/api/calls/' + callId + '/recording?seq=' + (seq++), { method: 'POST',
        headers: { authorization: 'Bearer ' + state.token, 'content-type': rec.mimeType || 'video/webm' }, body: e.data })
        .then(function (r) { if (r.ok) state.chunksUploaded++; else state.chunksRefused++; });
    };
    rec.start(1000);
    state.recorder = rec;
  }

  function endCall(reason) {
    log('通话结束 ' + reason);
    if (state.recorder && state.recorder.state !== 'inactive') state.recorder.stop();
    state.recorder = null;
    if (state.pc) state.pc.close();
    if (state.local) state.local.getTracks().forEach(function (t) { t.stop(); });
    state.pc = null; state.local = null; state.remote = null; state.callId = null; state.replayer = null;
    state.cameraStreamId = null; state.screenVideoOn = false; $('screen-video').hidden = true; $('screen-video').srcObject = null;
    state.lastEnded = reason;
    $('call-state').textContent = '已结束'; $('screen').textContent = '';
  }

  if (state.token) connect();
})();
`;
