// txt2img tab: form, token counters, generate/interrupt/skip, progress polling, gallery, paste, styles.
'use strict';

const T2I = {
  job: null,          // the job being watched
  lastPreview: 0,
  images: [],         // { url, infotext }
  selected: 0,
  lastSeeds: [],
  styles: [],
  storageKey: 'sdwebui.txt2img.job',
};

const $ = id => document.getElementById(id);
const fieldInput = id => { const w = $(id); return w && (w.matches('input, select, textarea') ? w : w.querySelector('input, select, textarea')); };
const num = (id, fallback) => { const v = Number(fieldInput(id).value); return Number.isFinite(v) && fieldInput(id).value !== '' ? v : fallback; };

/** The request the Generate button posts (A1111 API field names). */
function readTxt2ImgForm() {
  const extra = $('txt2img_subseed_show').querySelector('input').checked;
  return {
    prompt: fieldInput('txt2img_prompt').value,
    negative_prompt: fieldInput('txt2img_neg_prompt').value,
    styles: [...$('txt2img_styles_select').selectedOptions].map(o => o.value),
    seed: num('txt2img_seed', -1),
    subseed: extra ? num('txt2img_subseed', -1) : -1,
    subseed_strength: extra ? num('txt2img_subseed_strength', 0) : 0,
    seed_resize_from_w: extra ? num('txt2img_seed_resize_from_w', 0) : 0,
    seed_resize_from_h: extra ? num('txt2img_seed_resize_from_h', 0) : 0,
    sampler_name: fieldInput('txt2img_sampling').value,
    scheduler: fieldInput('txt2img_scheduler').value,
    steps: num('txt2img_steps', 20),
    width: num('txt2img_width', 512),
    height: num('txt2img_height', 512),
    batch_size: num('txt2img_batch_size', 1),
    n_iter: num('txt2img_batch_count', 1),
    cfg_scale: num('txt2img_cfg_scale', 7),
    restore_faces: $('txt2img_restore_faces').querySelector('input').checked,
    tiling: $('txt2img_tiling').querySelector('input').checked,
    override_settings: overrideSettings(),
    // Hires. fix (A1111 enable_hr + hr_* fields); the server ignores them while enable_hr is off.
    enable_hr: $('txt2img_enable_hr').querySelector('input').checked,
    hr_upscaler: fieldInput('txt2img_hr_upscaler').value,
    hr_scale: num('txt2img_hr_scale', 2),
    hr_second_pass_steps: num('txt2img_hires_steps', 0),
    denoising_strength: num('txt2img_denoising_strength', 0.7),
    hr_resize_x: num('txt2img_hr_resize_x', 0),
    hr_resize_y: num('txt2img_hr_resize_y', 0),
    // Refiner (A1111 refiner_checkpoint / refiner_switch_at); no checkpoint while the section is off.
    refiner_checkpoint: $('txt2img_enable_refiner').querySelector('input').checked
      ? $('txt2img_checkpoint_select').value : null,
    refiner_switch_at: parseFloat($('txt2img_switch_at_input').value) || 0.8,
  };
}

// ---- token counters (A1111 update_token_counter), debounced ----
function initTokenCounters() {
  const pairs = [['txt2img_prompt', 'txt2img_token_counter', true], ['txt2img_neg_prompt', 'txt2img_negative_token_counter', false]];
  pairs.forEach(([box, counter, positive]) => {
    const area = fieldInput(box);
    let timer = null;
    const update = async () => {
      try {
        const r = await api('internal/token-count', { method: 'POST', json: { text: area.value, steps: num('txt2img_steps', 20), positive } });
        const c = $(counter);
        c.textContent = r.tokens + '/' + r.max;
        c.classList.toggle('over', r.tokens > 75);
      } catch (e) { /* the counter is a hint; errors are not worth a toast */ }
    };
    area.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(update, 250); });
    update();
  });
}

// ---- running state (Generate <-> Interrupt/Skip in the same box: no layout shift) ----
function setRunning(running) {
  $('txt2img_generate').hidden = running;
  $('txt2img_interrupt').hidden = !running;
  $('txt2img_skip').hidden = !running;
  $('txt2img_progress').classList.toggle('idle', !running); // keeps its space: no layout shift
  $('txt2img_gallery').classList.toggle('busy', running);
  if (!running) document.title = 'Stable Diffusion';
}

function formatEta(seconds) {
  const s = Math.max(0, Math.round(seconds));
  const m = Math.floor(s / 60);
  return (m > 0 ? m + 'm ' : '') + (s % 60) + 's';
}

function showProgress(st) {
  const bar = $('txt2img_progress');
  const pct = Math.round(st.progress * 100);
  bar.querySelector('.progress-fill').style.width = pct + '%';
  bar.querySelector('.progress-bar').setAttribute('aria-valuenow', String(pct));
  let text;
  if (st.state === 'QUEUED') text = 'In queue' + (st.queue_position ? ': position ' + st.queue_position : '') + '...';
  else if (st.steps > 0) {
    const batch = st.job_count > 1 ? 'Batch ' + Math.min(st.job_no + 1, st.job_count) + '/' + st.job_count + ', ' : '';
    text = batch + 'Step ' + st.step + '/' + st.steps + ' · ' + pct + '%' + (st.eta > 0 ? ' · ETA ' + formatEta(st.eta) : '');
  } else text = st.textinfo || 'Waiting...';
  bar.querySelector('.progress-text').textContent = text;
  document.title = '[' + pct + '%] Stable Diffusion';
  if (st.preview_id > T2I.lastPreview) {
    T2I.lastPreview = st.preview_id;
    const img = $('txt2img_preview');
    img.src = appUrl('internal/jobs/' + st.id + '/preview?n=' + st.preview_id);
    img.hidden = false;
    $('txt2img_gallery').querySelector('.gallery-empty').hidden = true;
  }
}

// ---- generate, watch, finish ----
async function generate() {
  if (T2I.job) return;
  try {
    const { id } = await api('internal/txt2img', { method: 'POST', json: readTxt2ImgForm() });
    try { sessionStorage.setItem(T2I.storageKey, id); } catch (e) { /* storage off */ }
    watch(id);
  } catch (e) {
    toast(e.message, true);
  }
}

/** Polls the job until it ends (A1111's progressbar.js polls /internal/progress the same way). */
async function watch(id) {
  T2I.job = id;
  T2I.lastPreview = 0;
  setRunning(true);
  $('html_log_txt2img').textContent = '';
  for (;;) {
    let st;
    try {
      st = await api('internal/jobs/' + encodeURIComponent(id));
    } catch (e) {
      if (/404/.test(e.message) || /not found/i.test(e.message)) { finishWatch(); return; }
      await new Promise(r => setTimeout(r, 1000));
      continue;
    }
    if (['DONE', 'FAILED', 'CANCELLED'].includes(st.state)) { finishWatch(st); return; }
    showProgress(st);
    await new Promise(r => setTimeout(r, 400));
  }
}

function finishWatch(st) {
  T2I.job = null;
  try { sessionStorage.removeItem(T2I.storageKey); } catch (e) { /* storage off */ }
  setRunning(false);
  $('txt2img_preview').hidden = true;
  if (!st) return;
  if (st.state === 'FAILED') {
    $('html_log_txt2img').textContent = 'Error: ' + (st.error || 'generation failed');
    toast(st.error || 'generation failed', true);
    return;
  }
  if (st.images.length) {
    T2I.jobId = st.id;
    T2I.lastSeeds = st.seeds;
    showGallery(st.images.map((u, i) => ({ url: appUrl(u), infotext: st.infotexts[i] })), st.first);
  }
  const notes = [st.html, st.interrupted ? 'Interrupted.' : null, st.state === 'CANCELLED' ? 'Cancelled.' : null];
  $('html_log_txt2img').textContent = notes.filter(Boolean).join(' ') || $('html_log_txt2img').textContent;
}

function showGallery(images, first) {
  T2I.images = images;
  const g = $('txt2img_gallery');
  g.querySelectorAll('.gallery-item').forEach(e => e.remove());
  g.querySelector('.gallery-empty').hidden = images.length > 0;
  images.forEach((im, i) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'gallery-item';
    b.setAttribute('aria-label', 'Image ' + (i + 1));
    const img = document.createElement('img');
    img.src = im.url;
    img.alt = 'generated image ' + (i + 1);
    b.append(img);
    b.addEventListener('click', () => selectImage(i));
    g.append(b);
  });
  selectImage(Math.min(first || 0, images.length - 1));
}

function selectImage(i) {
  T2I.selected = i;
  $('txt2img_gallery').querySelectorAll('.gallery-item').forEach((b, j) => b.classList.toggle('selected', i === j));
  const info = $('html_info_txt2img');
  info.replaceChildren();
  const p = document.createElement('p');
  p.textContent = T2I.images[i] ? T2I.images[i].infotext : '';
  info.append(p);
}

// ---- infotext paste (↙) ----
const PASTE_FIELDS = {
  'Steps': 'txt2img_steps', 'Sampler': 'txt2img_sampling', 'Schedule type': 'txt2img_scheduler',
  'CFG scale': 'txt2img_cfg_scale', 'Seed': 'txt2img_seed', 'Size-1': 'txt2img_width', 'Size-2': 'txt2img_height',
  'Batch size': 'txt2img_batch_size', 'Variation seed': 'txt2img_subseed',
  'Variation seed strength': 'txt2img_subseed_strength', 'Seed resize from-1': 'txt2img_seed_resize_from_w',
  'Seed resize from-2': 'txt2img_seed_resize_from_h',
};
// Infotext keys that are settings (A1111 OptionInfo(infotext=...)): pasted as "Override settings".
const OVERRIDE_KEYS = {
  'Clip skip': 'CLIP_stop_at_last_layers', 'ENSD': 'eta_noise_seed_delta', 'RNG': 'randn_source',
  'Emphasis': 'emphasis', 'NGMS': 's_min_uncond', 'Eta': 'eta_ancestral', 'Eta DDIM': 'eta_ddim',
  'Schedule rho': 'rho', 'Schedule max sigma': 'sigma_max', 'Schedule min sigma': 'sigma_min',
  'sgm_noise_multiplier': 'sgm_noise_multiplier', 'Token merging ratio': 'token_merging_ratio',
};

/** Fills every field from a parsed infotext (A1111 infotext_utils connect_paste). */
function applyParams(params) {
  if ('Prompt' in params) fieldInput('txt2img_prompt').value = params['Prompt'];
  if ('Negative prompt' in params) fieldInput('txt2img_neg_prompt').value = params['Negative prompt'];
  Object.entries(PASTE_FIELDS).forEach(([k, id]) => { if (k in params) setField(id, params[k]); });
  setField('txt2img_restore_faces', 'Face restoration' in params);
  setField('txt2img_tiling', params['Tiling'] === 'True' || params['Tiling'] === 'true');
  const extra = ['Variation seed', 'Variation seed strength', 'Seed resize from-1'].some(k => k in params && params[k] !== '-1' && params[k] !== '0');
  setField('txt2img_subseed_show', extra);
  $('txt2img_seed_extras').hidden = !extra;
  const overrides = {};
  Object.entries(OVERRIDE_KEYS).forEach(([k, key]) => {
    if (!(k in params)) return;
    const w = document.getElementById('setting_' + key);
    const current = w ? String(settingValue(w)) : null;
    if (current === null || String(params[k]) !== current) overrides[key] = coerce(params[k]);
  });
  setOverrides(overrides);
  ['txt2img_prompt', 'txt2img_neg_prompt'].forEach(id => fieldInput(id).dispatchEvent(new Event('input')));
}

function coerce(v) {
  const n = Number(v);
  return v !== '' && Number.isFinite(n) ? n : v;
}

function setOverrides(o) {
  T2I.overrides = o;
  const box = $('txt2img_override_settings');
  const entries = Object.entries(o);
  box.hidden = entries.length === 0;
  box.querySelector('.list').textContent = entries.map(([k, v]) => k + ': ' + v).join(', ');
}

function overrideSettings() {
  return T2I.overrides || {};
}

async function paste() {
  try {
    const { params } = await api('internal/paste-params', { method: 'POST', json: { text: fieldInput('txt2img_prompt').value } });
    applyParams(params);
  } catch (e) {
    toast(e.message, true);
  }
}

// ---- styles (A1111 styles.py apply_styles_to_prompt) ----
function applyStyleText(prompt, style) {
  if (!style) return prompt;
  if (style.includes('{prompt}')) return style.replace('{prompt}', prompt);
  return [prompt.trim(), style.trim()].filter(Boolean).join(', ');
}

async function loadStyles() {
  try { T2I.styles = await api('internal/styles'); } catch (e) { T2I.styles = []; }
}

function applyStyles() {
  const select = $('txt2img_styles_select');
  const chosen = [...select.selectedOptions].map(o => T2I.styles.find(s => s.name === o.value)).filter(Boolean);
  const p = fieldInput('txt2img_prompt');
  const n = fieldInput('txt2img_neg_prompt');
  chosen.forEach(s => { p.value = applyStyleText(p.value, s.prompt); n.value = applyStyleText(n.value, s.negativePrompt || s.negative_prompt || ''); });
  [...select.options].forEach(o => { o.selected = false; });
  p.dispatchEvent(new Event('input'));
  n.dispatchEvent(new Event('input'));
}

async function saveStyle() {
  const name = window.prompt('Style name');
  if (!name) return;
  try {
    await api('internal/styles', { method: 'POST', json: { name, prompt: fieldInput('txt2img_prompt').value, negative_prompt: fieldInput('txt2img_neg_prompt').value } });
    const select = $('txt2img_styles_select');
    if (![...select.options].some(o => o.value === name)) select.add(new Option(name, name));
    await loadStyles();
    toast('Style "' + name + '" saved.');
  } catch (e) {
    toast(e.message, true);
  }
}

// ---- seeds, size, output buttons ----
function infotextValue(key) {
  const text = T2I.images[T2I.selected] ? T2I.images[T2I.selected].infotext || '' : '';
  const m = text.match(new RegExp('(?:^|, |\\n)' + key + ': (-?\\d+)'));
  return m ? Number(m[1]) : null;
}

function sendTo(tab, label) {
  const im = T2I.images[T2I.selected];
  if (!im) { toast('No image to send: generate one first.', true); return; }
  if (tab !== 'extras' && typeof img2imgReceive === 'function') {
    img2imgReceive(im.url, tab === 'inpaint');
    fieldInput('img2img_prompt').value = fieldInput('txt2img_prompt').value;
    fieldInput('img2img_neg_prompt').value = fieldInput('txt2img_neg_prompt').value;
    return;
  }
  const img = document.createElement('img');
  img.src = im.url;
  img.alt = 'image sent from txt2img';
  document.getElementById('extras_image').replaceChildren(img);
  selectTab('extras');
}

function initTxt2Img() {
  if (!$('txt2img_generate')) return;
  initTokenCounters();
  loadStyles();
  $('txt2img_generate').addEventListener('click', generate);
  $('txt2img_interrupt').addEventListener('click', () => api('internal/interrupt' + (T2I.job ? '?id=' + encodeURIComponent(T2I.job) : ''), { method: 'POST' }).catch(e => toast(e.message, true)));
  $('txt2img_skip').addEventListener('click', () => api('internal/skip', { method: 'POST' }).catch(e => toast(e.message, true)));
  $('paste').addEventListener('click', paste);
  $('txt2img_clear_prompt').addEventListener('click', () => {
    if (!window.confirm('Delete prompt?')) return;
    ['txt2img_prompt', 'txt2img_neg_prompt'].forEach(id => { fieldInput(id).value = ''; fieldInput(id).dispatchEvent(new Event('input')); });
  });
  $('txt2img_style_apply').addEventListener('click', applyStyles);
  $('txt2img_style_create').addEventListener('click', saveStyle);
  $('txt2img_random_seed').addEventListener('click', () => setField('txt2img_seed', -1));
  $('txt2img_reuse_seed').addEventListener('click', () => setField('txt2img_seed', infotextValue('Seed') ?? T2I.lastSeeds[0] ?? -1));
  $('txt2img_random_subseed').addEventListener('click', () => setField('txt2img_subseed', -1));
  $('txt2img_reuse_subseed').addEventListener('click', () => setField('txt2img_subseed', infotextValue('Variation seed') ?? -1));
  $('txt2img_subseed_show').querySelector('input').addEventListener('change', e => { $('txt2img_seed_extras').hidden = !e.target.checked; });
  $('txt2img_res_switch_btn').addEventListener('click', () => {
    const w = fieldInput('txt2img_width').value;
    setField('txt2img_width', fieldInput('txt2img_height').value);
    setField('txt2img_height', w);
  });
  $('txt2img_override_settings').querySelector('button').addEventListener('click', () => setOverrides({}));
  $('save_txt2img').addEventListener('click', () => {
    const im = T2I.images[T2I.selected];
    if (!im) { toast('No image to save.', true); return; }
    const a = document.createElement('a');
    a.href = im.url;
    a.download = 'txt2img-' + (infotextValue('Seed') ?? T2I.selected) + '.png';
    a.click();
  });
  $('zip_txt2img').addEventListener('click', () => {
    if (!T2I.jobId) { toast('No images to zip.', true); return; }
    window.location.href = appUrl('internal/jobs/' + encodeURIComponent(T2I.jobId) + '/zip');
  });
  $('txt2img_send_to_img2img').addEventListener('click', () => sendTo('img2img', 'img2img'));
  $('txt2img_send_to_inpaint').addEventListener('click', () => sendTo('inpaint', 'Inpaint'));
  $('txt2img_send_to_extras').addEventListener('click', () => sendTo('extras', 'Extras'));
  const folder = $('txt2img_open_folder');
  if (folder) folder.addEventListener('click', () => api('internal/open-folder', { method: 'POST' }).catch(e => toast(e.message, true)));

  // A1111 keyboard habits: Ctrl+Enter generates, Alt+Enter skips, Esc interrupts.
  document.getElementById('tab_txt2img').addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); generate(); }
    else if (e.key === 'Enter' && e.altKey && T2I.job) { e.preventDefault(); $('txt2img_skip').click(); }
    else if (e.key === 'Escape' && T2I.job) { e.preventDefault(); $('txt2img_interrupt').click(); }
  });

  // A job started before a reload is watched again.
  let saved = null;
  try { saved = sessionStorage.getItem(T2I.storageKey); } catch (e) { /* storage off */ }
  if (saved) watch(saved);
}

document.addEventListener('DOMContentLoaded', initTxt2Img);
