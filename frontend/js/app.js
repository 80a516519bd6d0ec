// sd-webui shell: helpers shared by the tabs, tab switching, sliders and the quicksettings bar.
'use strict';

/** The CSRF token from the XSRF-TOKEN cookie (sent back as X-XSRF-TOKEN). */
function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

/** A URL under the app's base path (--subpath aware). */
function appUrl(path) {
  return (document.body.dataset.base || '/') + path.replace(/^\//, '');
}

/** fetch() for the UI's /internal routes: CSRF header, JSON in and out; throws Error(message) on failure. */
async function api(path, { method = 'GET', json, form, body } = {}) {
  const headers = { 'X-XSRF-TOKEN': csrfToken() };
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  if (form !== undefined) { headers['Content-Type'] = 'application/x-www-form-urlencoded'; body = new URLSearchParams(form); }
  const res = await fetch(appUrl(path), { method, headers, body, credentials: 'same-origin' });
  if (res.status === 401 || res.redirected && res.url.includes('/login')) {
    window.location.href = appUrl('login');
    throw new Error('logged out');
  }
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || data.message || ('HTTP ' + res.status));
  return data;
}

/** A short message at the bottom of the page (errors and confirmations). */
function toast(message, isError = false) {
  const t = document.getElementById('toast');
  t.textContent = message;
  t.classList.toggle('error', isError);
  t.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { t.hidden = true; }, isError ? 8000 : 3000);
}

function selectTab(id) {
  document.querySelectorAll('#tabs [role=tab]').forEach(b => {
    const on = b.dataset.tab === id;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  });
  document.querySelectorAll('main > [role=tabpanel]').forEach(p => { p.hidden = p.id !== 'tab_' + id; });
  try { sessionStorage.setItem('sdwebui.tab', id); } catch (e) { /* storage off */ }
}

/** Tabs: click, and arrow keys / Home / End as the WAI-ARIA tab pattern. */
function initTabs() {
  const tabs = [...document.querySelectorAll('#tabs [role=tab]')];
  tabs.forEach((b, i) => {
    b.addEventListener('click', () => selectTab(b.dataset.tab));
    b.addEventListener('keydown', e => {
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[e.key];
      if (next === undefined) return;
      e.preventDefault();
      const t = tabs[(next + tabs.length) % tabs.length];
      selectTab(t.dataset.tab);
      t.focus();
    });
  });
  let saved = null;
  try { saved = sessionStorage.getItem('sdwebui.tab'); } catch (e) { /* storage off */ }
  if (saved && document.getElementById('tab_' + saved)) selectTab(saved);
}

/** Slider wrappers (A1111's number box + range): keep both in sync. */
function initSliders(root = document) {
  root.querySelectorAll('.slider').forEach(w => {
    const [num, range] = w.querySelectorAll('input');
    num.addEventListener('input', () => { range.value = num.value; });
    range.addEventListener('input', () => { num.value = range.value; num.dispatchEvent(new Event('change')); });
  });
}

/** Sets a slider's or a plain field's value by its wrapper id (used by paste and send-to). */
function setField(id, value) {
  const w = document.getElementById(id);
  if (!w || value === undefined || value === null) return;
  const inputs = w.matches('input, select, textarea') ? [w] : [...w.querySelectorAll('input, select, textarea')];
  inputs.forEach(i => {
    if (i.type === 'checkbox') i.checked = value === true || value === 'True' || value === 'true';
    else if (i.tagName === 'SELECT' && !i.multiple) {
      if (![...i.options].some(o => o.value === String(value))) i.add(new Option(String(value), String(value)));
      i.value = String(value);
    } else i.value = value;
    i.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

/** The value of a setting input as JSON (checkbox -> boolean, number -> number, list -> array). */
function settingValue(wrapper) {
  const input = wrapper.querySelector('input, select');
  switch (wrapper.dataset.kind) {
    case 'checkbox': return input.checked;
    case 'number': return input.value === '' ? null : Number(input.value);
    case 'list': return input.value.split(',').map(s => s.trim()).filter(Boolean);
    default: return input.value;
  }
}

/** Quicksettings apply at once, as in A1111 (the checkpoint through its own route). */
function initQuicksettings() {
  const status = document.getElementById('checkpoint-status');
  document.querySelectorAll('#quicksettings .setting').forEach(w => {
    const input = w.querySelector('input, select');
    input.addEventListener('change', async () => {
      status.textContent = 'Saving...';
      try {
        if (w.dataset.key === 'sd_model_checkpoint') await api('internal/sd-model-checkpoint', { method: 'POST', form: { title: input.value } });
        else await api('internal/settings', { method: 'POST', json: { [w.dataset.key]: settingValue(w) } });
        status.textContent = 'Saved.';
      } catch (e) {
        status.textContent = e.message;
      }
    });
  });
  const refresh = document.getElementById('refresh_sd_model_checkpoint');
  if (refresh) refresh.addEventListener('click', async () => {
    const select = document.getElementById('sd_model_checkpoint');
    try {
      const { checkpoints } = await api('internal/refresh-checkpoints', { method: 'POST' });
      const current = select.value;
      select.replaceChildren(...checkpoints.map(c => new Option(c, c, false, c === current)));
      select.disabled = checkpoints.length === 0;
      status.textContent = checkpoints.length + ' checkpoint(s).';
    } catch (e) {
      status.textContent = e.message;
    }
  });
}

document.addEventListener('DOMContentLoaded', () => {
  initTabs();
  initSliders();
  initQuicksettings();
});
