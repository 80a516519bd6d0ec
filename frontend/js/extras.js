// Extras tab: single image / batch / directory, upscaler 1 and 2 with visibility, scale by / scale to.
'use strict';

const EXTRAS = { mode: 0, resize: 0, results: [] };

function extrasSelect(group, attr, value) {
  document.querySelectorAll(group).forEach(b => b.setAttribute('aria-selected', String(b.dataset[attr] === String(value))));
}

function extrasSetMode(mode) {
  EXTRAS.mode = mode;
  extrasSelect('#extras_single_tab, #extras_batch_process_tab, #extras_batch_directory_tab', 'mode', mode);
  document.getElementById('extras_single_panel').hidden = mode !== 0;
  document.getElementById('extras_batch_panel').hidden = mode !== 1;
  document.getElementById('extras_directory_panel').hidden = mode !== 2;
}

function extrasSetResize(resize) {
  EXTRAS.resize = resize;
  extrasSelect('#extras_scale_by_tab, #extras_scale_to_tab', 'resize', resize);
  document.getElementById('extras_scale_by_panel').hidden = resize !== 0;
  document.getElementById('extras_scale_to_panel').hidden = resize !== 1;
}

function extrasShowInput(src) {
  const img = document.createElement('img');
  img.src = src;
  img.alt = 'extras input';
  document.getElementById('extras_image').replaceChildren(img);
  document.querySelector('#extras_image_zone .dropzone-text').hidden = true;
}

async function extrasDataUrl(src) {
  if (src.startsWith('data:')) return src;
  const blob = await (await fetch(src, { credentials: 'same-origin' })).blob();
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(r.result);
    r.onerror = reject;
    r.readAsDataURL(blob);
  });
}

async function extrasImages() {
  if (EXTRAS.mode === 0) {
    const img = document.querySelector('#extras_image img');
    if (!img) throw new Error('Choose an image first.');
    return [{ name: 'image.png', data: await extrasDataUrl(img.src) }];
  }
  if (EXTRAS.mode === 1) {
    const files = Array.from(document.getElementById('extras_image_batch').files);
    if (!files.length) throw new Error('Choose one or more images first.');
    return Promise.all(files.map(async f => ({ name: f.name, data: await extrasDataUrl(URL.createObjectURL(f)) })));
  }
  return [];
}

async function extrasGenerate() {
  const button = document.getElementById('extras_generate');
  button.disabled = true;
  try {
    const body = {
      extras_mode: EXTRAS.mode,
      images: await extrasImages(),
      input_dir: document.getElementById('extras_batch_input_dir').value,
      output_dir: document.getElementById('extras_batch_output_dir').value,
      show_extras_results: document.getElementById('extras_show_extras_results').checked,
      resize_mode: EXTRAS.resize,
      upscaling_resize: Number(document.getElementById('extras_upscaling_resize_number').value),
      upscaling_resize_w: Number(document.getElementById('extras_upscaling_resize_w').value),
      upscaling_resize_h: Number(document.getElementById('extras_upscaling_resize_h').value),
      upscaling_crop: document.getElementById('extras_upscaling_crop').checked,
      extras_upscaler_1: document.getElementById('extras_upscaler_1').value,
      extras_upscaler_2: document.getElementById('extras_upscaler_2').value,
      extras_upscaler_2_visibility: Number(document.getElementById('extras_upscaler_2_visibility').value),
    };
    const res = await api('internal/extras', { method: 'POST', json: body });
    EXTRAS.results = res.images || [];
    const gallery = document.getElementById('extras_gallery');
    gallery.replaceChildren(...EXTRAS.results.map((src, i) => {
      const img = document.createElement('img');
      img.src = src;
      img.alt = 'extras result ' + (i + 1);
      return img;
    }));
    document.getElementById('html_info_extras').innerHTML = res.html_info || '';
    document.querySelectorAll('#extras_send_to_img2img, #extras_send_to_inpaint')
      .forEach(b => { b.disabled = !EXTRAS.results.length; });
  } catch (e) {
    toast(e.message, true);
  } finally {
    button.disabled = false;
  }
}

function extrasSendTo(inpaint) {
  if (!EXTRAS.results.length || typeof img2imgReceive !== 'function') return;
  img2imgReceive(EXTRAS.results[0], inpaint);
}

document.addEventListener('DOMContentLoaded', () => {
  const zone = document.getElementById('extras_image_zone');
  if (!zone) return;
  const input = document.getElementById('extras_image_file');
  input.addEventListener('change', () => { if (input.files[0]) extrasShowInput(URL.createObjectURL(input.files[0])); });
  zone.addEventListener('dragover', e => { e.preventDefault(); zone.classList.add('drag'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('drag'));
  zone.addEventListener('drop', e => {
    e.preventDefault();
    zone.classList.remove('drag');
    if (e.dataTransfer.files[0]) extrasShowInput(URL.createObjectURL(e.dataTransfer.files[0]));
  });
  document.querySelectorAll('#extras_single_tab, #extras_batch_process_tab, #extras_batch_directory_tab')
    .forEach(b => b.addEventListener('click', () => extrasSetMode(Number(b.dataset.mode))));
  document.querySelectorAll('#extras_scale_by_tab, #extras_scale_to_tab')
    .forEach(b => b.addEventListener('click', () => extrasSetResize(Number(b.dataset.resize))));
  const range = document.getElementById('extras_upscaling_resize');
  const number = document.getElementById('extras_upscaling_resize_number');
  range.addEventListener('input', () => { number.value = range.value; });
  number.addEventListener('input', () => { range.value = number.value; });
  document.getElementById('extras_generate').addEventListener('click', extrasGenerate);
  document.getElementById('extras_send_to_img2img').addEventListener('click', () => extrasSendTo(false));
  document.getElementById('extras_send_to_inpaint').addEventListener('click', () => extrasSendTo(true));
});
