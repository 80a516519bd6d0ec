// Settings tab: Apply settings (changed keys only), Reload UI, search.
'use strict';

function settingsWrappers() {
  return [...document.querySelectorAll('#settings .settings-page .setting')];
}

function initSettings() {
  const submit = document.getElementById('settings_submit');
  if (!submit) return;
  const result = document.getElementById('settings_result');
  const initial = new Map(settingsWrappers().map(w => [w.dataset.key, JSON.stringify(settingValue(w))]));
  submit.addEventListener('click', async () => {
    const changes = {};
    settingsWrappers().forEach(w => {
      const v = settingValue(w);
      if (JSON.stringify(v) !== initial.get(w.dataset.key)) changes[w.dataset.key] = v;
    });
    if (!Object.keys(changes).length) { result.textContent = 'Nothing to apply.'; return; }
    try {
      await api('internal/settings', { method: 'POST', json: changes });
      Object.entries(changes).forEach(([k, v]) => initial.set(k, JSON.stringify(v)));
      result.textContent = Object.keys(changes).length + ' settings changed: ' + Object.keys(changes).join(', ') + '.';
    } catch (e) {
      result.textContent = e.message;
    }
  });
  document.getElementById('settings_restart_gradio').addEventListener('click', () => window.location.reload());
  const search = document.getElementById('settings_search');
  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    settingsWrappers().forEach(w => {
      w.hidden = q !== '' && !(w.textContent.toLowerCase().includes(q) || w.dataset.key.toLowerCase().includes(q));
    });
    document.querySelectorAll('#settings .settings-page').forEach(p => {
      p.hidden = ![...p.querySelectorAll('.setting')].some(w => !w.hidden);
    });
  });
}

document.addEventListener('DOMContentLoaded', initSettings);
