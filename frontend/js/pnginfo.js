// PNG Info tab: drop or pick an image, show its parameters and other text chunks, send to txt2img.
'use strict';

const PNGINFO = { parameters: null, params: null, file: null };

function showPngInfo(data) {
  const out = document.getElementById('pnginfo_html');
  out.replaceChildren();
  PNGINFO.parameters = data.parameters;
  PNGINFO.params = data.params;
  const add = (title, text) => {
    const div = document.createElement('div');
    div.className = 'info-item';
    const h = document.createElement('h4');
    h.textContent = title;
    const p = document.createElement('p');
    p.textContent = text;
    div.append(h, p);
    out.append(div);
  };
  if (data.parameters) add('parameters', data.parameters);
  Object.entries(data.items || {}).forEach(([k, v]) => add(k, v));
  if (!out.children.length) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = 'This image has no generation parameters or other text.';
    out.append(p);
  }
  document.querySelectorAll('.pnginfo-output button').forEach(b => { b.disabled = !data.parameters && b.id !== 'pnginfo_send_to_extras'; });
}

async function readPngInfo(file) {
  if (!file) return;
  PNGINFO.file = file;
  const img = document.getElementById('pnginfo_preview');
  img.src = URL.createObjectURL(file);
  img.hidden = false;
  document.querySelector('#pnginfo_image .dropzone-text').hidden = true;
  const body = new FormData();
  body.append('image', file);
  try {
    showPngInfo(await api('internal/png-info', { method: 'POST', body }));
  } catch (e) {
    document.getElementById('pnginfo_html').textContent = e.message;
  }
}

function pngInfoSendTo(tab) {
  if (tab === 'txt2img') {
    if (!PNGINFO.params) return;
    applyParams(PNGINFO.params);
    selectTab('txt2img');
    return;
  }
  if (tab !== 'extras' && typeof img2imgReceive === 'function') {
    img2imgReceive(document.getElementById('pnginfo_preview').src, false);
    return;
  }
  const slot = document.getElementById(tab === 'extras' ? 'extras_image' : 'img2img_image');
  const img = document.createElement('img');
  img.src = document.getElementById('pnginfo_preview').src;
  img.alt = 'image sent from PNG Info';
  slot.replaceChildren(img);
  selectTab(tab === 'extras' ? 'extras' : 'img2img');
}

document.addEventListener('DOMContentLoaded', () => {
  const zone = document.getElementById('pnginfo_image');
  if (!zone) return;
  const input = document.getElementById('pnginfo_file');
  input.addEventListener('change', () => readPngInfo(input.files[0]));
  zone.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); input.click(); } });
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('drag'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('drag'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('drag');
    readPngInfo(e.dataTransfer.files[0]);
  });
  document.getElementById('pnginfo_send_to_txt2img').addEventListener('click', () => pngInfoSendTo('txt2img'));
  document.getElementById('pnginfo_send_to_img2img').addEventListener('click', () => pngInfoSendTo('img2img'));
  document.getElementById('pnginfo_send_to_inpaint').addEventListener('click', () => pngInfoSendTo('inpaint'));
  document.getElementById('pnginfo_send_to_extras').addEventListener('click', () => pngInfoSendTo('extras'));
});
