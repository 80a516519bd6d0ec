// img2img tab: sub-tabs (img2img, Inpaint with a painted mask, Inpaint upload), generate/poll, gallery.
'use strict';

const I2I = { mode: 'img2img', job: null, lastPreview: 0, images: [], strokes: [], painting: false };
const i2i = id => document.getElementById(id);
const i2iNum = (id, fallback) => { const v = fieldInput(id).value; return v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback; };
const i2iRadio = name => Number(document.querySelector('input[name="' + name + '"]:checked').value);

/** Shows an image (data URL or same-origin URL) in a slot; its <img> is what Generate sends. */
function i2iShow(slotId, src) {
  const img = document.createElement('img');
  img.src = src;
  img.alt = 'input image';
  i2i(slotId).replaceChildren(img);
  return img;
}

function i2iReadFile(input, slotId, then) {
  input.addEventListener('change', () => {
    const f = input.files[0];
    if (!f) return;
    const r = new FileReader();
    r.onload = () => { const img = i2iShow(slotId, r.result); if (then) img.addEventListener('load', () => then(img)); };
    r.readAsDataURL(f);
  });
}

/** The <img> of a slot as a PNG data URL (drawn at its natural size). */
function i2iDataUrl(img) {
  if (!img || !img.naturalWidth) return null;
  const c = document.createElement('canvas');
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  c.getContext('2d').drawImage(img, 0, 0);
  return c.toDataURL('image/png');
}

// ---- Inpaint: the image on a canvas, strokes painted over it; the mask is rendered white on black ----
function i2iCanvas() { return i2i('img2maskimg').querySelector('canvas'); }

function i2iLoadCanvas(img) {
  I2I.base = img;
  I2I.strokes = [];
  const c = i2iCanvas();
  c.width = img.naturalWidth;
  c.height = img.naturalHeight;
  i2iRedraw();
}

function i2iDrawStrokes(ctx, color) {
  ctx.strokeStyle = color;
  ctx.fillStyle = color;
  ctx.lineCap = 'round';
  ctx.lineJoin = 'round';
  I2I.strokes.forEach(s => {
    ctx.lineWidth = s.size;
    ctx.beginPath();
    ctx.moveTo(s.points[0][0], s.points[0][1]);
    s.points.forEach(p => ctx.lineTo(p[0], p[1]));
    if (s.points.length === 1) ctx.lineTo(s.points[0][0] + 0.1, s.points[0][1]);
    ctx.stroke();
  });
}

function i2iRedraw() {
  const c = i2iCanvas();
  const ctx = c.getContext('2d');
  ctx.clearRect(0, 0, c.width, c.height);
  if (I2I.base) ctx.drawImage(I2I.base, 0, 0);
  ctx.globalAlpha = 0.6;
  i2iDrawStrokes(ctx, '#ffffff');
  ctx.globalAlpha = 1;
}

/** The mask as A1111 expects it: white where painted, black elsewhere, image-sized PNG. */
function i2iMaskDataUrl() {
  const src = i2iCanvas();
  const c = document.createElement('canvas');
  c.width = src.width;
  c.height = src.height;
  const ctx = c.getContext('2d');
  ctx.fillStyle = '#000000';
  ctx.fillRect(0, 0, c.width, c.height);
  i2iDrawStrokes(ctx, '#ffffff');
  return c.toDataURL('image/png');
}

function i2iInitCanvas() {
  const c = i2iCanvas();
  const at = e => { const r = c.getBoundingClientRect(); return [(e.clientX - r.left) * c.width / r.width, (e.clientY - r.top) * c.height / r.height]; };
  c.addEventListener('pointerdown', e => {
    if (!I2I.base) return;
    I2I.painting = true;
    c.setPointerCapture(e.pointerId);
    const scale = c.width / Math.max(1, c.getBoundingClientRect().width);
    I2I.strokes.push({ size: i2iNum('img2img_brush_size', 12) * scale, points: [at(e)] });
    i2iRedraw();
  });
  c.addEventListener('pointermove', e => {
    if (!I2I.painting) return;
    I2I.strokes[I2I.strokes.length - 1].points.push(at(e));
    i2iRedraw();
  });
  const end = () => { I2I.painting = false; };
  c.addEventListener('pointerup', end);
  c.addEventListener('pointercancel', end);
  i2i('img2img_mask_undo').addEventListener('click', () => { I2I.strokes.pop(); i2iRedraw(); });
  i2i('img2img_mask_clear').addEventListener('click', () => { I2I.strokes = []; i2iRedraw(); });
}

// ---- sub-tabs ----
function i2iSelectMode(mode) {
  I2I.mode = mode;
  document.querySelectorAll('#mode_img2img [role=tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.mode === mode)));
  document.querySelectorAll('#img2img_settings .subpanel').forEach(p => { p.hidden = p.dataset.mode !== mode; });
  i2i('img2img_inpaint_controls').hidden = !mode.startsWith('inpaint');
  i2i('img2img_generate').disabled = ['sketch', 'inpaint_sketch', 'batch'].includes(mode) || i2i('img2img_generate').dataset.noModel === 'true';
  // Inpaint starts from the img2img image when it has none of its own (A1111 copies between sub-tabs too).
  const img = i2i('img2img_image').querySelector('img');
  if (mode === 'inpaint' && !I2I.base && img) {
    if (img.complete && img.naturalWidth) i2iLoadCanvas(img); else img.addEventListener('load', () => i2iLoadCanvas(img), { once: true });
  }
}

/** Entry point of "Send to img2img / inpaint" from txt2img and PNG Info. */
function img2imgReceive(src, inpaint) {
  const img = i2iShow('img2img_image', src);
  I2I.base = null;
  selectTab('img2img');
  i2iSelectMode(inpaint ? 'inpaint' : 'img2img');
  return img;
}

// ---- request, generate, poll ----
function readImg2ImgForm() {
  let init = null;
  let mask = null;
  if (I2I.mode === 'img2img') init = i2iDataUrl(i2i('img2img_image').querySelector('img'));
  else if (I2I.mode === 'inpaint') {
    if (I2I.base) { init = i2iDataUrl(I2I.base); mask = I2I.strokes.length ? i2iMaskDataUrl() : null; }
  } else if (I2I.mode === 'inpaint_upload') {
    init = i2iDataUrl(i2i('img_inpaint_base').querySelector('img'));
    mask = i2iDataUrl(i2i('img_inpaint_mask').querySelector('img'));
  }
  return {
    prompt: fieldInput('img2img_prompt').value,
    negative_prompt: fieldInput('img2img_neg_prompt').value,
    seed: i2iNum('img2img_seed', -1),
    sampler_name: fieldInput('img2img_sampling').value,
    scheduler: fieldInput('img2img_scheduler').value,
    steps: i2iNum('img2img_steps', 20),
    width: i2iNum('img2img_width', 512),
    height: i2iNum('img2img_height', 512),
    batch_size: i2iNum('img2img_batch_size', 1),
    n_iter: i2iNum('img2img_batch_count', 1),
    cfg_scale: i2iNum('img2img_cfg_scale', 7),
    denoising_strength: i2iNum('img2img_denoising_strength', 0.75),
    resize_mode: i2iRadio('img2img_resize_mode'),
    init_images: init ? [init] : [],
    mask,
    mask_blur: i2iNum('img2img_mask_blur', 4),
    inpainting_mask_invert: i2iRadio('img2img_mask_mode'),
    inpainting_fill: i2iRadio('img2img_inpainting_fill'),
    inpaint_full_res: i2iRadio('img2img_inpaint_full_res') === 1,
    inpaint_full_res_padding: i2iNum('img2img_inpaint_full_res_padding', 32),
  };
}

function i2iRunning(running) {
  i2i('img2img_generate').hidden = running;
  i2i('img2img_interrupt').hidden = !running;
  i2i('img2img_skip').hidden = !running;
  i2i('img2img_progress').classList.toggle('idle', !running);
  i2i('img2img_gallery').classList.toggle('busy', running);
}

async function i2iGenerate() {
  if (I2I.job || i2i('img2img_generate').disabled) return;
  const form = readImg2ImgForm();
  if (!form.init_images.length) { toast('Upload an image first.', true); return; }
  if (I2I.mode.startsWith('inpaint') && !form.mask) { toast('Paint or upload a mask first.', true); return; }
  try {
    const { id } = await api('internal/img2img', { method: 'POST', json: form });
    i2iWatch(id);
  } catch (e) {
    toast(e.message, true);
  }
}

async function i2iWatch(id) {
  I2I.job = id;
  I2I.lastPreview = 0;
  i2iRunning(true);
  i2i('html_log_img2img').textContent = '';
  for (;;) {
    let st;
    try {
      st = await api('internal/jobs/' + encodeURIComponent(id));
    } catch (e) {
      if (/404|not found/i.test(e.message)) { i2iFinish(); return; }
      await new Promise(r => setTimeout(r, 1000));
      continue;
    }
    if (['DONE', 'FAILED', 'CANCELLED'].includes(st.state)) { i2iFinish(st); return; }
    const pct = Math.round(st.progress * 100);
    i2i('img2img_progress').querySelector('.progress-fill').style.width = pct + '%';
    i2i('img2img_progress').querySelector('.progress-bar').setAttribute('aria-valuenow', String(pct));
    i2i('img2img_progress').querySelector('.progress-text').textContent = st.state === 'QUEUED'
      ? 'In queue...' : (st.steps > 0 ? 'Step ' + st.step + '/' + st.steps + ' · ' + pct + '%' : st.textinfo || 'Waiting...');
    if (st.preview_id > I2I.lastPreview) {
      I2I.lastPreview = st.preview_id;
      const img = i2i('img2img_preview');
      img.src = appUrl('internal/jobs/' + st.id + '/preview?n=' + st.preview_id);
      img.hidden = false;
    }
    await new Promise(r => setTimeout(r, 400));
  }
}

function i2iFinish(st) {
  I2I.job = null;
  i2iRunning(false);
  i2i('img2img_preview').hidden = true;
  if (!st) return;
  if (st.state === 'FAILED') {
    i2i('html_log_img2img').textContent = 'Error: ' + (st.error || 'generation failed');
    toast(st.error || 'generation failed', true);
    return;
  }
  const g = i2i('img2img_gallery');
  if (st.images.length) {
    I2I.images = st.images.map((u, i) => ({ url: appUrl(u), infotext: st.infotexts[i] }));
    g.querySelectorAll('.gallery-item').forEach(e => e.remove());
    g.querySelector('.gallery-empty').hidden = true;
    I2I.images.forEach((im, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.className = 'gallery-item';
      b.setAttribute('aria-label', 'Image ' + (i + 1));
      const img = document.createElement('img');
      img.src = im.url;
      img.alt = 'generated image ' + (i + 1);
      b.append(img);
      b.addEventListener('click', () => i2iSelectImage(i));
      g.append(b);
    });
    i2iSelectImage(Math.min(st.first || 0, I2I.images.length - 1));
  }
  const notes = [st.html, st.interrupted ? 'Interrupted.' : null, st.state === 'CANCELLED' ? 'Cancelled.' : null];
  i2i('html_log_img2img').textContent = notes.filter(Boolean).join(' ');
}

function i2iSelectImage(i) {
  i2i('img2img_gallery').querySelectorAll('.gallery-item').forEach((b, j) => b.classList.toggle('selected', i === j));
  const p = document.createElement('p');
  p.textContent = I2I.images[i] ? I2I.images[i].infotext : '';
  i2i('html_info_img2img').replaceChildren(p);
}

function initImg2Img() {
  if (!i2i('img2img_generate')) return;
  i2i('img2img_generate').dataset.noModel = String(i2i('img2img_generate').disabled);
  document.querySelectorAll('#mode_img2img [role=tab]').forEach(b => b.addEventListener('click', () => i2iSelectMode(b.dataset.mode)));
  i2iReadFile(i2i('img2img_image_file'), 'img2img_image', () => { I2I.base = null; });
  i2iReadFile(i2i('img2maskimg_file'), 'img2img_image', img => i2iLoadCanvas(img));
  i2iReadFile(i2i('img_inpaint_base_file'), 'img_inpaint_base');
  i2iReadFile(i2i('img_inpaint_mask_file'), 'img_inpaint_mask');
  i2iInitCanvas();
  i2i('img2img_generate').addEventListener('click', i2iGenerate);
  i2i('img2img_interrupt').addEventListener('click', () => api('internal/interrupt' + (I2I.job ? '?id=' + encodeURIComponent(I2I.job) : ''), { method: 'POST' }).catch(e => toast(e.message, true)));
  i2i('img2img_skip').addEventListener('click', () => api('internal/skip', { method: 'POST' }).catch(e => toast(e.message, true)));
  i2i('img2img_random_seed').addEventListener('click', () => setField('img2img_seed', -1));
  i2i('tab_img2img').addEventListener('keydown', e => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); i2iGenerate(); }
    else if (e.key === 'Enter' && e.altKey && I2I.job) { e.preventDefault(); i2i('img2img_skip').click(); }
    else if (e.key === 'Escape' && I2I.job) { e.preventDefault(); i2i('img2img_interrupt').click(); }
  });
}

document.addEventListener('DOMContentLoaded', initImg2Img);
