/// The simulator's web page, script and styles, embedded in the binary (works offline; nothing
/// is loaded from elsewhere). Written by hand for MiniMedia.
enum SimulatorAssets {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>MiniMedia simulator</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/simulator.css">
<style id="page-css"></style>
</head>
<body>
<main id="mm-main">
  <section id="mm-phone-wrap">
    <div id="mm-phone">
      <header id="mm-navbar"><button id="mm-back" title="Back" hidden>‹</button><span id="mm-title">MiniMedia</span></header>
      <div id="mm-screen"><page id="mm-page"></page></div>
      <div id="mm-overlay"></div>
      <div id="mm-toast" hidden></div>
    </div>
    <div id="mm-status">connecting…</div>
  </section>
  <aside id="mm-panel">
    <details open><summary>Page data <span id="mm-route"></span></summary><pre id="mm-data"></pre></details>
    <details open><summary>Navigation stack</summary><ol id="mm-stack"></ol></details>
    <details open><summary>Permissions</summary><ul id="mm-perms"></ul></details>
    <details open><summary>Console</summary><div id="mm-console" class="mm-log"></div></details>
    <details open><summary>API calls</summary><div id="mm-api" class="mm-log"></div></details>
    <details><summary>Album</summary><div id="mm-album-drop" class="mm-note">Drop images here to add them to the album.</div><div id="mm-album"></div></details>
    <details><summary>Preview</summary><div id="mm-preview-stats">no frames yet</div></details>
    <details><summary>Device</summary>
      <label>Dialect <select id="mm-dialect"><option>wx</option><option>qq</option><option>swan</option><option>tt</option><option>my</option></select></label>
      <label>Camera <input id="mm-camera" size="28" placeholder="synthetic:640x480, file:PATH, v4l2:/dev/video0, browser" list="mm-cameras"></label>
      <datalist id="mm-cameras"><option value="synthetic:640x480"><option value="browser">this browser's webcam</option></datalist>
      <label>Microphone <input id="mm-microphone" size="28" placeholder="synthetic, file:PATH, alsa:DEVICE"></label>
      <label>Speaker <select id="mm-speaker" title="browser: heard in this tab; muted: the null speaker; or the host's --speaker"></select></label>
      <div id="mm-audio-status" class="mm-note"></div>
      <div id="mm-webcam-status" class="mm-note"></div>
      <button id="mm-reload">Reload the app</button>
      <div class="mm-note">Editing a package file reloads the app too; permissions and the album are kept.</div>
    </details>
  </aside>
</main>
<script src="/simulator.js"></script>
</body>
</html>
"""#

    static let css = #"""
html, body { margin: 0; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; background: #e9ebee; color: #222; }
#mm-main { display: flex; gap: 20px; padding: 16px; align-items: flex-start; }
#mm-phone { position: relative; width: 375px; height: 667px; background: #fff; border: 10px solid #111; border-radius: 28px;
  overflow: hidden; display: flex; flex-direction: column; box-shadow: 0 6px 24px rgba(0,0,0,.25); }
#mm-phone.mm-shake { animation: mm-shake .3s; }
@keyframes mm-shake { 25% { transform: translateX(-4px); } 75% { transform: translateX(4px); } }
#mm-navbar { height: 44px; flex: none; display: flex; align-items: center; justify-content: center; position: relative;
  background: #f7f7f7; border-bottom: 1px solid #ddd; font-weight: 600; }
#mm-back { position: absolute; left: 6px; border: 0; background: none; font-size: 28px; cursor: pointer; color: inherit; }
#mm-screen { flex: 1; overflow: auto; position: relative; }
#mm-status { margin-top: 8px; font-size: 12px; color: #555; width: 395px; text-align: center; }
page { display: block; min-height: 100%; font-size: 16px; }
view, scroll-view, swiper, swiper-item, navigator, movable-area, cover-view, form, label, radio-group, checkbox-group { display: block; }
scroll-view { overflow: auto; }
text { display: inline; white-space: pre-wrap; }
image { display: inline-block; width: 320px; height: 240px; overflow: hidden; }
image > img { width: 100%; height: 100%; object-fit: fill; display: block; }
page button { display: block; width: 92%; margin: 8px auto; padding: 10px; font-size: 17px; border-radius: 6px;
  border: 1px solid #ccc; background: #f8f8f8; cursor: pointer; }
page button[data-type="primary"] { background: #07c160; color: #fff; border-color: #07c160; }
page button[data-type="warn"] { background: #fa5151; color: #fff; border-color: #fa5151; }
page input, page textarea { display: block; box-sizing: border-box; width: 92%; margin: 6px auto; padding: 8px; font-size: 16px;
  border: 1px solid #ccc; border-radius: 4px; }
switch { display: inline-block; }
slider { display: block; margin: 8px 4%; }
slider input { width: 100%; }
icon { display: inline-block; font-style: normal; font-size: 23px; line-height: 1; }
wx-camera, wx-video, live-player, live-pusher { display: block; position: relative; width: 100%; height: 225px; background: #000; overflow: hidden; }
.mm-live { width: 100%; height: 100%; object-fit: cover; display: block; }
.mm-placeholder { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; color: #aaa; font-size: 13px; }
#mm-overlay:empty { display: none; }
#mm-overlay { position: absolute; inset: 0; background: rgba(0,0,0,.45); display: flex; align-items: center; justify-content: center; z-index: 10; }
.mm-dialog { background: #fff; border-radius: 12px; width: 300px; max-height: 560px; overflow: auto; padding: 18px; box-sizing: border-box; text-align: center; }
.mm-dialog h3 { margin: 0 0 10px; font-size: 17px; }
.mm-dialog p { margin: 0 0 14px; color: #555; white-space: pre-wrap; }
.mm-dialog textarea { width: 100%; box-sizing: border-box; min-height: 60px; margin-bottom: 12px; }
.mm-buttons { display: flex; gap: 8px; }
.mm-buttons button { flex: 1; padding: 10px; font-size: 16px; border: 0; border-radius: 6px; cursor: pointer; background: #eee; }
.mm-buttons button.mm-primary { background: #07c160; color: #fff; }
.mm-sheet { align-self: flex-end; width: 100%; border-radius: 12px 12px 0 0; padding: 0; }
.mm-sheet button { display: block; width: 100%; padding: 14px; border: 0; border-bottom: 1px solid #eee; background: #fff; font-size: 17px; cursor: pointer; }
.mm-grid { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4px; margin-bottom: 12px; }
.mm-pick-item { position: relative; aspect-ratio: 1; background: #ddd; cursor: pointer; overflow: hidden; border: 3px solid transparent; }
.mm-pick-item video { pointer-events: none; }
.mm-pick-item img { width: 100%; height: 100%; object-fit: cover; }
.mm-pick-item.mm-selected { border-color: #07c160; }
.mm-pick-item span { position: absolute; left: 3px; bottom: 3px; background: rgba(0,0,0,.6); color: #fff; font-size: 11px; padding: 1px 3px; }
.mm-preview { background: #000; width: 100%; height: 100%; display: flex; align-items: center; justify-content: center; cursor: pointer; }
.mm-preview img { max-width: 100%; max-height: 100%; }
.mm-preview { position: relative; }
.mm-preview video { max-width: 100%; max-height: 100%; }
.mm-preview-count { position: absolute; bottom: 14px; left: 0; right: 0; text-align: center; color: #fff; font-size: 13px; }
.mm-preview-prev, .mm-preview-next { position: absolute; top: 50%; transform: translateY(-50%); background: rgba(255,255,255,.2); color: #fff; border: 0; font-size: 28px; width: 40px; height: 56px; cursor: pointer; }
.mm-preview-prev { left: 6px; } .mm-preview-next { right: 6px; }
#mm-toast { position: absolute; left: 50%; top: 45%; transform: translate(-50%, -50%); background: rgba(0,0,0,.75); color: #fff;
  padding: 14px 18px; border-radius: 8px; z-index: 20; min-width: 100px; text-align: center; }
#mm-panel { flex: 1; min-width: 320px; max-width: 640px; font-size: 13px; }
#mm-panel details { background: #fff; margin-bottom: 8px; border-radius: 6px; padding: 6px 10px; }
#mm-panel summary { font-weight: 600; cursor: pointer; }
#mm-panel pre { max-height: 220px; overflow: auto; margin: 6px 0; }
.mm-log { max-height: 200px; overflow: auto; font-family: ui-monospace, monospace; font-size: 12px; }
.mm-log div { border-bottom: 1px solid #f0f0f0; padding: 2px 0; white-space: pre-wrap; word-break: break-all; }
.mm-log .mm-error { color: #c00; }
.mm-note { color: #777; margin-top: 4px; }
#mm-panel label { display: block; margin: 4px 0; }
#mm-album img { width: 64px; height: 64px; object-fit: cover; margin: 2px; }
wx-audio { display: block; }
.mm-audio { display: flex; align-items: stretch; height: 65px; margin: 6px 0; background: #fcfcfc; border: 1px solid #e0e0e0; border-radius: 2px; overflow: hidden; font-size: 13px; }
.mm-audio-poster { position: relative; width: 65px; flex: none; background: #e9e9e9 center / cover no-repeat; }
.mm-audio-button { position: absolute; inset: 0; margin: auto; width: 24px; height: 24px; border: 2px solid #fff; border-radius: 50%; background: rgba(0,0,0,.25);
  color: #fff; font-size: 11px; line-height: 20px; padding: 0; text-align: center; cursor: pointer; }
.mm-audio-info { flex: 1; min-width: 0; display: flex; flex-direction: column; justify-content: center; padding: 0 12px; position: relative; }
.mm-audio-name { font-weight: 600; color: #353535; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.mm-audio-author { color: #888; margin-top: 6px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.mm-audio-time { position: absolute; right: 10px; top: 8px; color: #888; font-size: 12px; font-variant-numeric: tabular-nums; }
"""#

    static let script = #"""
'use strict'
;(function () {
  const $ = (id) => document.getElementById(id)
  const state = { ws: null, prompts: [], stack: [], views: new Set(), live: new Map(), dialect: 'wx', data: {}, stateViews: new Set(), states: {} }
  const stats = window.mmStats = { frames: 0, fps: 0, latencyMs: null, latencies: [], lastSeq: -1, firstRenderMs: null, renders: 0, route: null }
  let frameTimes = []

  function send(message) { if (state.ws && state.ws.readyState === 1) state.ws.send(JSON.stringify(message)) }

  function connect() {
    const ws = new WebSocket(`ws://${location.host}/ws`)
    ws.binaryType = 'arraybuffer'
    state.ws = ws
    ws.onopen = () => { $('mm-status').textContent = 'connected' }
    ws.onclose = () => { $('mm-status').textContent = 'disconnected — retrying'; setTimeout(connect, 500) }
    ws.onmessage = (e) => { if (typeof e.data === 'string') onMessage(JSON.parse(e.data)); else onFrame(e.data) }
  }

  // ---- messages from the host
  function onMessage(m) {
    switch (m.type) {
      case 'hello': state.dialect = m.dialect; state.title = m.title; $('mm-dialect').value = m.dialect; $('mm-camera').value = m.camera; $('mm-microphone').value = m.microphone || ''; if (m.title) $('mm-title').textContent = m.title; state.views = new Set(m.views); state.stateViews = new Set(m.stateViews || []); speakers(m.speakers || [], m.speaker); $('mm-phone').style.width = m.deviceWidth + 'px'; $('mm-phone').style.height = m.deviceHeight + 'px'; break
      case 'render': render(m); break
      case 'prompt': state.prompts.push(m); showPrompt(); break
      case 'promptClosed': state.prompts = state.prompts.filter((p) => p.id !== m.id); showPrompt(); break
      case 'notice': notice(m); break
      case 'console': log('mm-console', m.text, m.level === 'error'); break
      case 'api': log('mm-api', `${m.ok ? '✓' : '✗'} ${m.name} ${m.result}`, !m.ok); break
      case 'setData': break
      case 'pageData': $('mm-route').textContent = m.route; $('mm-data').textContent = JSON.stringify(m.data, null, 2); break
      case 'stack': stackPanel(m.stack); break
      case 'permissions': permsPanel(m.scopes); break
      case 'album': albumPanel(m.items); break
      case 'error': log('mm-console', 'simulator: ' + m.text, true); break
      case 'capture': capture(m.id); break
      case 'webcam': webcam(m); break
      case 'componentState': state.states[m.tag] = m.states; drawStates(m.tag); break
      case 'resync': state.ws.close(); break  // messages were dropped: reconnect for a fresh state
      case 'reloaded': log('mm-console', `— reloaded (${m.reason}): ${m.dialect}, camera ${m.camera}, microphone ${m.microphone}, speaker ${m.speaker} —`); state.route = null; state.prompts = []; showPrompt(); break
    }
  }

  function log(id, text, error) {
    const box = $(id), line = document.createElement('div')
    line.textContent = text
    if (error) line.className = 'mm-error'
    box.appendChild(line)
    while (box.childNodes.length > 500) box.removeChild(box.firstChild)
    box.scrollTop = box.scrollHeight
  }

  function stackPanel(stack) {
    state.stack = stack
    const ol = $('mm-stack'); ol.textContent = ''
    for (const e of stack) { const li = document.createElement('li'); li.textContent = e.route + (Object.keys(e.query).length ? '?' + new URLSearchParams(e.query) : ''); ol.appendChild(li) }
    $('mm-back').hidden = stack.length < 2
  }

  function permsPanel(scopes) {
    const ul = $('mm-perms'); ul.textContent = ''
    const names = Object.keys(scopes)
    if (!names.length) { const li = document.createElement('li'); li.textContent = 'nothing decided yet'; ul.appendChild(li) }
    for (const k of names) { const li = document.createElement('li'); li.textContent = `${k}: ${scopes[k] ? 'allowed' : 'denied'}`; li.dataset.scope = k; ul.appendChild(li) }
  }

  function albumPanel(items) {
    const box = $('mm-album'); box.textContent = ''
    for (const it of items) {
      if (it.kind === 'image') { const img = document.createElement('img'); img.src = it.url; img.title = '#' + it.id; box.appendChild(img) }
      else { const s = document.createElement('span'); s.textContent = `[video #${it.id}] `; box.appendChild(s) }
    }
  }

  // ---- the page
  function fileURL(src) {
    if (typeof src !== 'string' || !src) return ''
    if (/^(https?:)?\/\//.test(src) && !/^http:\/\/(tmp|usr|store)\//.test(src)) return src
    if (/^data:image\//.test(src)) return src
    return '/file?path=' + encodeURIComponent(src)
  }

  function render(m) {
    const page = $('mm-page')
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('[data-key]')
    const focusKey = focused ? focused.dataset.key : null
    // The input being typed in keeps its element and text: a render of an older setData must not
    // take back what the user typed since.
    state.focusKey = focused && document.activeElement.matches('input,textarea') ? focusKey : null
    state.focusEl = state.focusKey ? document.activeElement : null
    const sel = focused && document.activeElement.selectionStart != null ? [document.activeElement.selectionStart, document.activeElement.selectionEnd] : null
    // Chromium has an element of its own named <camera>: the page's camera is a <wx-camera>
    // (and <video>, <audio> are <wx-video>, <wx-audio>).
    $('page-css').textContent = m.css.replace(/(^|[\s,>+~}(])(camera|video|audio)(?=[\s,.:#\[>+~{)])/g, '$1wx-$2')
    const fragment = document.createDocumentFragment()
    const keep = new Map()
    for (const n of m.tree) fragment.appendChild(build(n, keep))
    page.textContent = ''
    page.appendChild(fragment)
    state.live = keep
    for (const tag of state.stateViews) drawStates(tag)
    if (focusKey) {
      const el = page.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)
      const input = el && (el.matches('input,textarea') ? el : el.querySelector('input,textarea'))
      if (input) { input.focus(); if (sel) try { input.setSelectionRange(sel[0], sel[1]) } catch (e) {} }
    }
    if (state.route !== m.route) { state.route = m.route; $('mm-title').textContent = state.title || m.route }
    stats.renders += 1
    stats.route = m.route
    if (stats.firstRenderMs == null && m.tree.length) stats.firstRenderMs = performance.now()
  }

  const ICONS = { success: ['✔', '#07c160'], success_no_circle: ['✓', '#07c160'], info: ['ℹ', '#10aeff'], warn: ['!', '#f76260'],
    waiting: ['⏳', '#10aeff'], cancel: ['✕', '#f43530'], download: ['⬇', '#07c160'], search: ['⌕', '#b2b2b2'], clear: ['⊗', '#b2b2b2'] }

  function build(n, keep) {
    if (n.text !== undefined) return document.createTextNode(n.text)
    const a = n.attributes || {}
    let el
    switch (n.tag) {
      case 'input': if (n.key === state.focusKey && state.focusEl && state.focusEl.tagName === 'INPUT') { el = state.focusEl; el.className = ''; el.removeAttribute('style'); break }
        el = document.createElement('input'); el.type = a.password === true || a.type === 'safe-password' ? 'password' : (a.type === 'number' || a.type === 'digit' ? 'number' : 'text'); el.value = a.value == null ? '' : String(a.value); if (a.placeholder) el.placeholder = a.placeholder; if (a.disabled === true) el.disabled = true; if (typeof a.maxlength === 'number' && a.maxlength >= 0) el.maxLength = a.maxlength; break
      case 'textarea': if (n.key === state.focusKey && state.focusEl && state.focusEl.tagName === 'TEXTAREA') { el = state.focusEl; el.className = ''; el.removeAttribute('style'); break }
        el = document.createElement('textarea'); el.value = a.value == null ? '' : String(a.value); if (a.placeholder) el.placeholder = a.placeholder; break
      case 'button': el = document.createElement('button'); if (a.type) el.dataset.type = a.type; if (a.disabled === true) el.disabled = true; break
      case 'image': { el = document.createElement('image'); const img = document.createElement('img'); img.src = fileURL(a.src); img.alt = ''; const fit = { aspectFit: 'contain', aspectFill: 'cover', widthFix: 'contain', scaleToFill: 'fill' }[a.mode]; if (fit) img.style.objectFit = fit; el.appendChild(img); break }
      case 'switch': { el = document.createElement('switch'); const box = document.createElement('input'); box.type = 'checkbox'; box.checked = a.checked === true; if (a.disabled === true) box.disabled = true; el.appendChild(box); break }
      case 'slider': { el = document.createElement('slider'); const r = document.createElement('input'); r.type = 'range'; r.min = a.min ?? 0; r.max = a.max ?? 100; r.step = a.step ?? 1; r.value = a.value ?? 0; el.appendChild(r); if (a['show-value'] === true) { const s = document.createElement('span'); s.textContent = r.value; el.appendChild(s) } break }
      case 'icon': { el = document.createElement('icon'); const [glyph, color] = ICONS[a.type] || ['•', '#999']; el.textContent = glyph; el.style.color = a.color || color; if (a.size) el.style.fontSize = (typeof a.size === 'number' ? a.size + 'px' : a.size); break }
      case 'camera': el = document.createElement('wx-camera'); break
      // HTML's own <video> and <audio> would not draw children (the live frames, the controls).
      case 'video': case 'audio': el = document.createElement('wx-' + n.tag); break
      default: el = document.createElement(/^[a-z][a-z0-9-]*$/.test(n.tag) ? n.tag : 'view')
    }
    el.dataset.key = n.key
    el.dataset.tag = n.tag
    if (n.scope) el.dataset.mmc = n.scope
    if (n.id) el.id = n.id
    for (const c of n.classes) el.classList.add(c)
    const style = n.style || (typeof a.style === 'string' ? a.style : '')
    if (style) el.style.cssText += ';' + style
    if (n.hidden) el.style.display = 'none'
    if (state.stateViews.has(n.tag)) {
      el.dataset.stateView = n.tag  // drawn from the host's state (componentState), see drawStates
    } else if (state.views.has(n.tag)) {
      let img = state.live.get(n.key)
      if (!img) { img = document.createElement('img'); img.className = 'mm-live'; img.alt = n.tag }
      keep.set(n.key, img)
      img.dataset.view = n.tag
      el.appendChild(img)
      if (!img.src) { const p = document.createElement('div'); p.className = 'mm-placeholder'; p.textContent = `<${n.tag}> waiting for frames`; el.appendChild(p) }
    } else if (['video', 'live-player', 'live-pusher', 'audio', 'canvas', 'map'].includes(n.tag)) {
      const p = document.createElement('div'); p.className = 'mm-placeholder'; p.textContent = `<${n.tag}>`; el.appendChild(p)
    }
    for (const c of n.children) el.appendChild(build(c, keep))
    if (n.tag === 'text' || n.tag === 'view' || n.tag === 'button' || n.tag === 'navigator') {} // children already appended
    return el
  }

  // ---- input from the user
  function chainOf(el) {
    const keys = []
    for (let e = el; e && e.id !== 'mm-page'; e = e.parentElement) if (e.dataset && e.dataset.key) keys.push(e.dataset.key)
    return keys
  }

  $('mm-page').addEventListener('click', (ev) => {
    const target = ev.target.closest('[data-key]')
    if (!target) return
    if (ev.target.matches('input[type=checkbox], input[type=range]')) return
    const r = $('mm-page').getBoundingClientRect()
    send({ type: 'event', event: 'tap', target: target.dataset.key, chain: chainOf(target), detail: { x: Math.round(ev.clientX - r.left), y: Math.round(ev.clientY - r.top) } })
  })

  function ownerOf(input) { return input.closest('[data-key]') }

  $('mm-page').addEventListener('input', (ev) => {
    const t = ev.target, owner = ownerOf(t)
    if (!owner) return
    if (t.type === 'range') { send({ type: 'event', event: 'changing', target: owner.dataset.key, chain: [owner.dataset.key], detail: { value: Number(t.value) } }); return }
    if (t.type === 'checkbox') return
    send({ type: 'event', event: 'input', target: owner.dataset.key, chain: [owner.dataset.key], detail: { value: t.value, cursor: t.selectionStart ?? t.value.length, keyCode: ev.data ? ev.data.charCodeAt(ev.data.length - 1) : 8 } })
  })

  $('mm-page').addEventListener('change', (ev) => {
    const t = ev.target, owner = ownerOf(t)
    if (!owner) return
    if (t.type === 'checkbox') send({ type: 'event', event: 'change', target: owner.dataset.key, chain: [owner.dataset.key], detail: { value: t.checked } })
    else if (t.type === 'range') send({ type: 'event', event: 'change', target: owner.dataset.key, chain: [owner.dataset.key], detail: { value: Number(t.value) } })
  })

  $('mm-page').addEventListener('keydown', (ev) => {
    const t = ev.target, owner = ownerOf(t)
    if (owner && ev.key === 'Enter' && t.tagName === 'INPUT') send({ type: 'event', event: 'confirm', target: owner.dataset.key, chain: [owner.dataset.key], detail: { value: t.value } })
  })
  $('mm-page').addEventListener('focusin', (ev) => { const o = ownerOf(ev.target); if (o && ev.target.matches('input,textarea')) send({ type: 'event', event: 'focus', target: o.dataset.key, chain: [o.dataset.key], detail: { value: ev.target.value, height: 0 } }) })
  $('mm-page').addEventListener('focusout', (ev) => { const o = ownerOf(ev.target); if (o && ev.target.matches('input,textarea')) send({ type: 'event', event: 'blur', target: o.dataset.key, chain: [o.dataset.key], detail: { value: ev.target.value } }) })

  $('mm-back').addEventListener('click', () => send({ type: 'back' }))
  const drop = $('mm-album-drop').parentElement
  drop.addEventListener('dragover', (ev) => { ev.preventDefault() })
  drop.addEventListener('drop', async (ev) => {
    ev.preventDefault()
    for (const file of ev.dataTransfer.files) {
      const r = await fetch('/album', { method: 'POST', body: file })
      if (!r.ok) log('mm-console', (await r.text()).trim(), true)
    }
  })
  $('mm-reload').addEventListener('click', () => send({ type: 'reload', dialect: $('mm-dialect').value, camera: $('mm-camera').value || undefined, microphone: $('mm-microphone').value || undefined }))

  // ---- dialogs (the simulated user)
  function button(text, cls, onClick, id) { const b = document.createElement('button'); b.textContent = text; if (cls) b.className = cls; if (id) b.id = id; b.onclick = onClick; return b }

  function showPrompt() {
    const overlay = $('mm-overlay')
    if (overlay.dataset.notice === 'preview' && !state.prompts.length) return
    overlay.textContent = ''
    delete overlay.dataset.notice
    const p = state.prompts[0]
    if (!p) return
    const answer = (a) => send({ type: 'answer', id: p.id, answer: a })
    const d = document.createElement('div'); d.className = 'mm-dialog'; d.dataset.prompt = p.kind
    const h = document.createElement('h3'), text = document.createElement('p'), row = document.createElement('div'); row.className = 'mm-buttons'
    switch (p.kind) {
      case 'consent':
        h.textContent = 'Permission'; text.textContent = `“${p.app}” wants to use ${p.scope}`
        row.append(button('Deny', '', () => answer({ allow: false }), 'mm-deny'), button('Allow', 'mm-primary', () => answer({ allow: true }), 'mm-allow'))
        d.append(h, text, row); break
      case 'settings': {
        h.textContent = 'Settings'; d.append(h)
        const values = Object.assign({}, p.scopes)
        for (const k of Object.keys(values)) {
          const l = document.createElement('label'); l.style.display = 'block'; const c = document.createElement('input'); c.type = 'checkbox'; c.checked = values[k]; c.onchange = () => { values[k] = c.checked }
          l.append(c, ' ' + k); d.append(l)
        }
        row.append(button('Done', 'mm-primary', () => answer({ scopes: values }), 'mm-settings-done')); d.append(row); break
      }
      case 'pick': {
        h.textContent = `Album — choose up to ${p.count}`
        const grid = document.createElement('div'); grid.className = 'mm-grid'; const chosen = []
        for (const it of p.items) {
          const cell = document.createElement('div'); cell.className = 'mm-pick-item'; cell.dataset.id = it.id
          if (it.kind === 'image') { const img = document.createElement('img'); img.src = it.url; cell.append(img) }
          else { const v = document.createElement('video'); v.muted = true; v.preload = 'metadata'; v.src = it.url + '#t=0.1'; v.style.width = '100%'; v.style.height = '100%'; v.style.objectFit = 'cover'; cell.append(v) }
          const tag = document.createElement('span'); tag.textContent = it.kind === 'video' ? `▶ ${it.duration ? it.duration.toFixed(1) + 's' : ''}` : `${it.width}×${it.height}`; cell.append(tag)
          cell.onclick = () => {
            const i = chosen.indexOf(it.id)
            if (i >= 0) { chosen.splice(i, 1); cell.classList.remove('mm-selected') } else if (chosen.length < p.count) { chosen.push(it.id); cell.classList.add('mm-selected') }
          }
          grid.append(cell)
        }
        if (!p.items.length) text.textContent = 'The album is empty.'
        row.append(button('Cancel', '', () => answer({ cancel: true }), 'mm-pick-cancel'), button('Done', 'mm-primary', () => chosen.length ? answer({ ids: chosen }) : answer({ cancel: true }), 'mm-pick-done'))
        d.append(h, text, grid, row); break
      }
      case 'modal': {
        h.textContent = p.title; text.textContent = p.content; d.append(h, text)
        let area = null
        if (p.editable) { area = document.createElement('textarea'); area.placeholder = p.placeholderText; area.value = p.content; d.append(area) }
        if (p.showCancel) row.append(button(p.cancelText, '', () => answer({ confirm: false }), 'mm-modal-cancel'))
        row.append(button(p.confirmText, 'mm-primary', () => answer({ confirm: true, content: area ? area.value : null }), 'mm-modal-confirm'))
        d.append(row); break
      }
      case 'actionSheet': {
        d.className = 'mm-dialog mm-sheet'
        if (p.alertText) { text.textContent = p.alertText; d.append(text) }
        p.items.forEach((item, i) => d.append(button(item, 'mm-sheet-item', () => answer({ index: i }))))
        d.append(button('Cancel', '', () => answer({ cancel: true }), 'mm-sheet-cancel')); break
      }
      case 'capture':
        h.textContent = p.media === 'video' ? 'Record a video' : 'Take a photo'; text.textContent = 'The simulated camera shoots when you press the button.'
        row.append(button('Cancel', '', () => answer({ cancel: true }), 'mm-capture-cancel'), button('Shoot', 'mm-primary', () => answer({ captured: true }), 'mm-capture-shoot'))
        d.append(h, text, row); break
    }
    overlay.append(d)
  }

  let toastTimer = null
  function notice(m) {
    const toast = $('mm-toast')
    switch (m.kind) {
      case 'toast': {
        const icon = { success: '✔ ', error: '✕ ', loading: '⏳ ' }[m.icon] || ''
        toast.textContent = icon + m.title; toast.hidden = false; toast.dataset.kind = 'toast'
        clearTimeout(toastTimer); toastTimer = setTimeout(() => { toast.hidden = true }, m.durationMs); break
      }
      case 'loading': toast.textContent = '⏳ ' + m.title; toast.hidden = false; toast.dataset.kind = 'loading'; clearTimeout(toastTimer); break
      case 'hidden': toast.hidden = true; break
      case 'navigationBarTitle': $('mm-title').textContent = m.title; break
      case 'navigationBarColor': $('mm-navbar').style.background = m.background; $('mm-navbar').style.color = m.front; break
      case 'vibrate': $('mm-phone').classList.remove('mm-shake'); void $('mm-phone').offsetWidth; $('mm-phone').classList.add('mm-shake'); break
      case 'preview': {
        // previewImage and previewMedia: every url, starting at the current one; ‹ › page
        // through them, a tap elsewhere closes. A source that is not an image (previewMedia's
        // videos) plays in a <video>.
        const overlay = $('mm-overlay'); overlay.textContent = ''; overlay.dataset.notice = 'preview'
        const urls = Array.isArray(m.urls) && m.urls.length ? m.urls : [m.current]
        let at = Math.max(0, urls.indexOf(m.current))
        const box = document.createElement('div'); box.className = 'mm-preview'; box.id = 'mm-preview'
        const count = document.createElement('div'); count.className = 'mm-preview-count'; count.id = 'mm-preview-count'
        const show = () => {
          for (const old of box.querySelectorAll('img,video')) old.remove()
          const img = document.createElement('img'); img.src = urls[at]
          img.onerror = () => { const v = document.createElement('video'); v.src = urls[at]; v.controls = true; v.autoplay = true; v.muted = true; v.playsInline = true; v.onclick = (e) => e.stopPropagation(); img.replaceWith(v) }
          box.prepend(img); count.textContent = `${at + 1} / ${urls.length}`
        }
        const step = (d) => (e) => { e.stopPropagation(); at = (at + d + urls.length) % urls.length; show() }
        if (urls.length > 1) { box.append(button('‹', 'mm-preview-prev', step(-1), 'mm-preview-prev'), button('›', 'mm-preview-next', step(1), 'mm-preview-next')) }
        box.append(count)
        box.onclick = () => { delete overlay.dataset.notice; overlay.textContent = ''; showPrompt() }
        show(); overlay.append(box); break
      }
      case 'authGuide': log('mm-console', `showAuthGuide: ${m.authType}`); break
    }
  }

  // ---- live component views (binary frames)
  let lastURL = new Map()
  function onFrame(buffer) {
    const v = new DataView(buffer)
    const at = v.getFloat64(0, true), seq = v.getUint32(8, true), nameLength = v.getUint8(12)
    const view = new TextDecoder().decode(new Uint8Array(buffer, 13, nameLength))
    if (view === 'audio') { playAudio(buffer, 13 + nameLength, seq); return }
    const blob = new Blob([new Uint8Array(buffer, 13 + nameLength)], { type: 'image/jpeg' })
    const url = URL.createObjectURL(blob)
    const imgs = Array.from(state.live.values()).filter((i) => i.dataset.view === view)
    if (!imgs.length) { URL.revokeObjectURL(url); return }
    let pending = imgs.length
    for (const img of imgs) {
      img.onload = () => {
        if (--pending) return
        const old = lastURL.get(view); if (old && old !== url) URL.revokeObjectURL(old); lastURL.set(view, url)
        const now = performance.now()
        stats.frames += 1; stats.lastSeq = seq
        const latency = Date.now() - at
        stats.latencies.push(latency); if (stats.latencies.length > 300) stats.latencies.shift()
        stats.latencyMs = latency
        frameTimes.push(now); while (frameTimes.length && now - frameTimes[0] > 1000) frameTimes.shift()
        stats.fps = frameTimes.length
        const ph = img.parentElement && img.parentElement.querySelector('.mm-placeholder'); if (ph) ph.remove()
      }
      img.src = url
    }
  }
  // ---- component state views: <audio>'s controls, drawn from the host's AudioElement (poster,
  // name, author, play/pause, current time / duration). A click asks the host to play or pause;
  // what shows changes only when the host's state does.
  const two = (n) => String(Math.floor(n)).padStart(2, '0')
  const clock = (t) => `${two((t || 0) / 60)}:${two((t || 0) % 60)}`
  function drawStates(tag) {
    const states = state.states[tag] || []
    const els = Array.from($('mm-page').querySelectorAll(`[data-state-view="${CSS.escape(tag)}"]`))
    els.forEach((el, index) => {
      // By id, else by place among the tag's elements (the host's page order).
      const s = (el.id ? states.find((x) => x.id === el.id) : states[index]) || null
      if (tag === 'audio') drawAudio(el, s, index)
    })
  }
  function drawAudio(el, s, index) {
    let box = el.querySelector(':scope > .mm-audio')
    if (!s || !s.controls) { if (box) box.remove(); el.style.display = 'none'; return }
    el.style.display = ''
    if (!box) {
      box = document.createElement('div'); box.className = 'mm-audio'
      box.innerHTML = '<div class="mm-audio-poster"><button class="mm-audio-button"></button></div><div class="mm-audio-info"><div class="mm-audio-name"></div><div class="mm-audio-author"></div><div class="mm-audio-time"></div></div>'
      el.prepend(box)
    }
    const b = box.querySelector('.mm-audio-button')
    box.dataset.paused = s.paused ? 'true' : 'false'
    b.textContent = s.paused ? '▶' : '❚❚'; b.title = s.paused ? 'play' : 'pause'
    b.onclick = (ev) => { ev.stopPropagation(); send({ type: 'control', tag: 'audio', id: el.id || null, index, action: s.paused ? 'play' : 'pause' }) }
    const poster = s.poster ? `url("${fileURL(s.poster)}")` : ''
    const p = box.querySelector('.mm-audio-poster'); if (p.style.backgroundImage !== poster) p.style.backgroundImage = poster
    box.querySelector('.mm-audio-name').textContent = s.name
    box.querySelector('.mm-audio-author').textContent = s.author
    box.querySelector('.mm-audio-time').textContent = `${clock(s.currentTime)} / ${clock(s.duration)}`
  }

  function speakers(list, chosen) {
    const sel = $('mm-speaker'); sel.textContent = ''
    for (const v of list) { const o = document.createElement('option'); o.value = v; o.textContent = v === 'browser' ? 'browser (this tab)' : v === 'muted' ? 'muted (null speaker)' : v; sel.append(o) }
    sel.value = chosen
  }
  $('mm-speaker').addEventListener('change', () => send({ type: 'reload', speaker: $('mm-speaker').value }))

  // ---- audio: what the host's mixer plays (InnerAudioContext, <video>, background audio)
  // arrives as int16 chunks and is scheduled back to back on a WebAudio context. Browsers start
  // a context only after a user gesture: until then chunks are counted, not played.
  // The chunks go through one gain node and an AnalyserNode tap before the output, so what is
  // actually handed to the speakers can be measured (mmAudio.heard(): level and loudest frequency).
  const audio = window.mmAudio = { ctx: null, out: null, analyser: null, next: 0, chunks: 0, played: 0, lastSeq: -1, peak: 0, rms: 0 }
  audio.heard = () => {
    const a = audio.analyser
    if (!a) return { running: false, rms: 0, hz: 0 }
    const t = new Float32Array(a.fftSize); a.getFloatTimeDomainData(t)
    let sum = 0; for (const x of t) sum += x * x
    const f = new Float32Array(a.frequencyBinCount); a.getFloatFrequencyData(f)
    let best = 0; for (let i = 1; i < f.length; i++) if (f[i] > f[best]) best = i
    return { running: audio.ctx.state === 'running', rms: Math.sqrt(sum / t.length), hz: best * audio.ctx.sampleRate / a.fftSize, db: f[best] }
  }
  function playAudio(buffer, at, seq) {
    const v = new DataView(buffer)
    const rate = v.getUint32(at, true), channels = v.getUint8(at + 4)
    const pcm = new Int16Array(buffer.slice(at + 5))
    const frames = Math.floor(pcm.length / Math.max(1, channels))
    audio.chunks += 1; audio.lastSeq = seq
    let sum = 0, peak = 0
    for (let i = 0; i < pcm.length; i++) { const x = pcm[i] / 32768; sum += x * x; if (Math.abs(x) > peak) peak = Math.abs(x) }
    audio.rms = Math.sqrt(sum / Math.max(1, pcm.length)); audio.peak = Math.max(audio.peak, peak)
    if (!audio.ctx) {
      try {
        audio.ctx = new AudioContext()
        audio.out = audio.ctx.createGain(); audio.analyser = audio.ctx.createAnalyser(); audio.analyser.fftSize = 8192
        audio.out.connect(audio.analyser); audio.analyser.connect(audio.ctx.destination)
      } catch (e) { return }
    }
    const ctx = audio.ctx
    if (ctx.state !== 'running' || !frames || !channels) return
    const b = ctx.createBuffer(channels, frames, rate)
    for (let c = 0; c < channels; c++) { const d = b.getChannelData(c); for (let i = 0; i < frames; i++) d[i] = pcm[i * channels + c] / 32768 }
    const src = ctx.createBufferSource(); src.buffer = b; src.connect(audio.out)
    audio.next = Math.max(audio.next, ctx.currentTime + 0.05); src.start(audio.next); audio.next += frames / rate; audio.played += 1
  }
  document.addEventListener('pointerdown', () => { if (audio.ctx && audio.ctx.state !== 'running') audio.ctx.resume() })

  // ---- screenshots (App.captureScreenshot through --auto-port): the phone view drawn into a
  // canvas of the device's size. Its DOM is cloned with the form values, every image (live frames
  // too) inlined as a data URL and the page's stylesheets beside it, drawn as an SVG
  // foreignObject, then sent back as a PNG.
  const XHTML = 'http://www.w3.org/1999/xhtml'
  function imageData(img) {
    if (!img.getAttribute('src') || !img.complete || !img.naturalWidth) return ''
    try {
      const c = document.createElement('canvas'); c.width = img.naturalWidth; c.height = img.naturalHeight
      c.getContext('2d').drawImage(img, 0, 0)
      return c.toDataURL(img.src.startsWith('blob:') ? 'image/jpeg' : 'image/png')
    } catch (e) { return '' }  // a cross-origin image cannot be read back: left out
  }
  async function capture(id) {
    try {
      const phone = $('mm-phone')
      const w = phone.clientWidth, h = phone.clientHeight
      const clone = phone.cloneNode(true)
      const from = phone.querySelectorAll('img, input, textarea'), to = clone.querySelectorAll('img, input, textarea')
      for (let i = 0; i < from.length; i++) {
        const a = from[i], b = to[i]
        if (a.tagName === 'IMG') b.setAttribute('src', imageData(a))
        else if (a.tagName === 'TEXTAREA') b.textContent = a.value
        else if (a.type === 'checkbox') { if (a.checked) b.setAttribute('checked', ''); else b.removeAttribute('checked') }
        else b.setAttribute('value', a.value)
      }
      clone.classList.remove('mm-shake')
      clone.style.border = '0'; clone.style.borderRadius = '0'; clone.style.margin = '0'; clone.style.width = w + 'px'; clone.style.height = h + 'px'
      let css = ''
      for (const sheet of document.styleSheets) { try { for (const r of sheet.cssRules) css += r.cssText + '\n' } catch (e) {} }
      const root = document.createElementNS(XHTML, 'div')
      root.style.cssText = `width:${w}px;height:${h}px;overflow:hidden;background:#fff;font-family:${getComputedStyle(document.body).fontFamily}`
      const style = document.createElementNS(XHTML, 'style'); style.textContent = css
      root.append(style, clone)
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><foreignObject x="0" y="0" width="${w}" height="${h}">${new XMLSerializer().serializeToString(root)}</foreignObject></svg>`
      const img = new Image()
      await new Promise((ok, fail) => { img.onload = ok; img.onerror = () => fail(new Error('the view could not be drawn as SVG')); img.src = 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg) })
      const canvas = document.createElement('canvas'); canvas.width = w; canvas.height = h
      const ctx = canvas.getContext('2d'); ctx.fillStyle = '#fff'; ctx.fillRect(0, 0, w, h); ctx.drawImage(img, 0, 0)
      const url = canvas.toDataURL('image/png')
      send({ type: 'captured', id, data: url.slice(url.indexOf(',') + 1), width: w, height: h })
    } catch (e) { send({ type: 'captured', id, error: String((e && e.message) || e) }) }
  }

  // ---- the browser's webcam as the app's camera (camera "browser"): while the host has the
  // device open, getUserMedia frames are drawn onto a canvas of the host's size and sent as
  // "MMW1" + JPEG binary messages (one in flight at a time; the host keeps the newest).
  const cam = window.mmWebcam = { stream: null, timer: null, sent: 0, error: null }
  async function webcam(m) {
    if (!m.on) { clearInterval(cam.timer); cam.timer = null; if (cam.stream) cam.stream.getTracks().forEach((t) => t.stop()); cam.stream = null; $('mm-webcam-status').textContent = ''; return }
    if (cam.stream) return
    try {
      cam.stream = await navigator.mediaDevices.getUserMedia({ video: { width: m.width, height: m.height }, audio: false })
    } catch (e) { cam.error = String(e); $('mm-webcam-status').textContent = 'webcam: ' + e; log('mm-console', 'simulator: the webcam could not be opened: ' + e, true); return }
    const video = document.createElement('video'); video.muted = true; video.playsInline = true; video.srcObject = cam.stream; await video.play()
    const canvas = document.createElement('canvas'); canvas.width = m.width; canvas.height = m.height
    const ctx = canvas.getContext('2d')
    let busy = false
    cam.timer = setInterval(() => {
      if (busy || !video.videoWidth || !state.ws || state.ws.readyState !== 1 || state.ws.bufferedAmount > (1 << 20)) return
      busy = true
      // Cover the host's size, keeping the aspect ratio (centre crop).
      const s = Math.max(m.width / video.videoWidth, m.height / video.videoHeight)
      const w = video.videoWidth * s, h = video.videoHeight * s
      ctx.drawImage(video, (m.width - w) / 2, (m.height - h) / 2, w, h)
      canvas.toBlob(async (blob) => {
        try {
          const body = new Uint8Array(await blob.arrayBuffer()), out = new Uint8Array(4 + body.length)
          out.set([77, 77, 87, 49]); out.set(body, 4); state.ws.send(out); cam.sent += 1
          $('mm-webcam-status').textContent = `webcam: ${cam.sent} frames sent`
        } finally { busy = false }
      }, 'image/jpeg', 0.8)
    }, 40)
  }

  setInterval(() => { $('mm-audio-status').textContent = audio.chunks ? `sound: ${audio.played} of ${audio.chunks} chunks played` + (audio.ctx && audio.ctx.state !== 'running' ? ' (click the page to let the browser play sound)' : '') : '' }, 500)
  setInterval(() => { $('mm-preview-stats').textContent = stats.frames ? `${stats.fps} fps, latency ${stats.latencyMs} ms, frame #${stats.lastSeq}` : 'no frames yet' }, 500)

  connect()
})()
"""#
}
