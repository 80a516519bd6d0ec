// sd-webui shell: tab switching and the checkpoint quicksetting.
'use strict';

/** The CSRF token from the XSRF-TOKEN cookie (sent back as X-XSRF-TOKEN). */
function csrfToken() {
  const m = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]+)/);
  return m ? decodeURIComponent(m[1]) : '';
}

function selectTab(id) {
  document.querySelectorAll('[role=tab]').forEach(b => b.setAttribute('aria-selected', String(b.dataset.tab === id)));
  document.querySelectorAll('[role=tabpanel]').forEach(p => { p.hidden = p.id !== 'panel_' + id; });
}

async function selectCheckpoint(title) {
  const status = document.getElementById('checkpoint-status');
  const base = document.body.dataset.base || '/';
  status.textContent = 'Saving...';
  const res = await fetch(base + 'internal/sd-model-checkpoint', {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'X-XSRF-TOKEN': csrfToken() },
    body: new URLSearchParams({ title }),
  });
  const body = await res.json().catch(() => ({}));
  status.textContent = res.ok ? 'Selected.' : (body.error || 'Error ' + res.status);
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('[role=tab]').forEach(b => b.addEventListener('click', () => selectTab(b.dataset.tab)));
  const select = document.getElementById('sd_model_checkpoint');
  if (select) select.addEventListener('change', () => selectCheckpoint(select.value));
});
