/**
 * The operator's page of the dev platform: applications with their materials and evaluations,
 * status changes (受理 / 不予受理 / 办结 …), enrolment codes, kiosk health and queue depth, and the
 * e-licence access log (who fetched which licence type, under which consent receipt).
 * One static page that reads /operator/api/overview; no build step, no framework.
 */
export function operatorPage(): string {
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>开发平台 · 运营 (dev platform operator)</title>
<style>
body{font-family:"Noto Sans CJK SC",sans-serif;margin:1.5rem;color:#1a1a1a}
h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:2rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#f2f4f7}code{font-size:.8rem}
button,select{font-size:.9rem}.muted{color:#666}
</style></head><body>
<h1>开发平台 · 运营页面 <span class="muted">(dev platform operator)</span></h1>
<p><button id="code">生成登记码 (new enrolment code)</button> <span id="codeOut"></span></p>
<h2>终端 (kiosks: health and queue depth)</h2>
<table><thead><tr><th>终端</th><th>算法</th><th>最近在线</th><th>版本</th><th>队列</th><th>命令</th></tr></thead><tbody id="kiosks"></tbody></table>
<h2>办件 (applications)</h2>
<table><thead><tr><th>平台编号</th><th>事项</th><th>终端</th><th>收到</th><th>材料</th><th>评价</th><th>状态</th></tr></thead><tbody id="apps"></tbody></table>
<h2>接收记录 (intake attempts, retries included)</h2><table><tbody id="intake"></tbody></table>
<h2>电子证照调取记录 (e-licence access log)</h2>
<table><thead><tr><th>时间</th><th>终端</th><th>证照类型</th><th>结果数</th><th>授权凭证</th></tr></thead><tbody id="licences"></tbody></table>
<script>
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c]));
async function post(url, body){ const r = await fetch(url,{method:'POST',headers:{'content-type':'application/json'},body:JSON.stringify(body)}); return r.json(); }
async function load(){
  const d = await (await fetch('/operator/api/overview')).json();
  document.getElementById('kiosks').innerHTML = d.kiosks.map((k) => '<tr><td>'+esc(k.id)+'</td><td>'+esc(k.profile)+'</td><td>'+esc(k.lastSeenAt ?? '—')+'</td><td>'+esc(k.version ?? '—')+'</td><td><code>'+esc(JSON.stringify(k.queue))+'</code></td><td>'+
    ['sync-now','upload-logs','restart'].map((c) => '<button data-k="'+esc(k.id)+'" data-c="'+c+'">'+c+'</button>').join(' ')+'</td></tr>').join('');
  document.getElementById('apps').innerHTML = d.applications.map((a) => '<tr><td>'+esc(a.platformNo)+'<br><code>'+esc(a.key)+'</code></td><td>'+esc(a.matterCode)+'</td><td>'+esc(a.kioskId)+'</td><td>'+esc(a.receivedAt)+'</td><td>'+
    a.materials.map((m) => '<a href="/operator/api/materials/'+esc(m.id)+'">'+esc(m.seq+'. '+m.kind)+'</a> ('+m.size+' B)').join('<br>')+'</td><td>'+
    a.evaluations.map((e) => esc(e.satisfaction)).join('<br>')+'</td><td><select data-a="'+esc(a.key)+'">'+
    d.statuses.map((s) => '<option'+(s===a.status?' selected':'')+'>'+s+'</option>').join('')+'</select></td></tr>').join('');
  document.getElementById('intake').innerHTML = d.intake.map((i) => '<tr><td>'+esc(i.kind)+'</td><td>'+esc(i.outcome)+'</td><td>'+i.n+'</td></tr>').join('');
  document.getElementById('licences').innerHTML = d.licenceAccess.map((l) => '<tr><td>'+esc(l.at)+'</td><td>'+esc(l.kioskId)+'</td><td>'+esc(l.licenceType)+'</td><td>'+esc(l.found)+'</td><td><code>'+esc(l.consentReceipt)+'</code></td></tr>').join('');
}
document.addEventListener('change', async (e) => { const k = e.target.dataset.a; if (k) { await post('/operator/api/applications/'+k+'/status', {status: e.target.value}); load(); } });
document.addEventListener('click', async (e) => {
  if (e.target.id === 'code') { const r = await post('/operator/api/enrolment-codes', {}); document.getElementById('codeOut').textContent = '登记码: ' + r.code; }
  if (e.target.dataset.c) { await post('/operator/api/kiosks/'+e.target.dataset.k+'/commands', {command: e.target.dataset.c}); }
});
load(); setInterval(load, 3000);
</script></body></html>`;
}
