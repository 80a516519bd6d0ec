// Extra Networks cards under the txt2img/img2img prompts (A1111 ui_extra_networks): four pages, search,
// sort, folder filter, refresh; a click adds the card's text to the prompt (or removes it when present),
// a checkpoint card selects that checkpoint through the quicksettings dropdown.
'use strict';

const EXTRA_NETWORKS = { data: null, loading: null };

async function extraNetworksLoad(refresh = false) {
  if (refresh) EXTRA_NETWORKS.loading = api('internal/extra-networks/refresh', { method: 'POST' });
  else if (!EXTRA_NETWORKS.loading) EXTRA_NETWORKS.loading = api('internal/extra-networks');
  try {
    EXTRA_NETWORKS.data = await EXTRA_NETWORKS.loading;
  } catch (e) {
    EXTRA_NETWORKS.loading = null;
    throw e;
  }
  return EXTRA_NETWORKS.data;
}

/**
 * Adds the text at the end of the prompt, separated by a space. A tag card clicked again removes its tag, whatever
 * multiplier it has now (A1111 tryToRemoveExtraNetworkFromPrompt); plain text (an embedding) is always added.
 */
function extraNetworksToggleText(textarea, text) {
  const tag = text.match(/^<([^:>]+):([^:>]+):/);
  if (tag) {
    const esc = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp('\\s*<' + esc(tag[1]) + ':' + esc(tag[2]) + '(:[^>]*)?>');
    if (re.test(textarea.value)) {
      textarea.value = textarea.value.replace(re, '').trim();
      textarea.dispatchEvent(new Event('input', { bubbles: true }));
      return;
    }
  }
  const v = textarea.value;
  textarea.value = v.trim() === '' ? text : v.replace(/\s+$/, '') + ' ' + text;
  textarea.dispatchEvent(new Event('input', { bubbles: true }));
}

function extraNetworksSelectCheckpoint(title) {
  const select = document.getElementById('sd_model_checkpoint');
  if (select) {
    if (![...select.options].some(o => o.value === title)) select.add(new Option(title, title));
    select.value = title;
    select.dispatchEvent(new Event('change'));
    return;
  }
  api('internal/sd-model-checkpoint', { method: 'POST', form: { title } })
    .then(() => toast('Checkpoint: ' + title), e => toast(e.message, true));
}

function extraNetworksCard(root, page, item) {
  const card = document.createElement('div');
  card.className = 'extra-network-card';
  card.setAttribute('role', 'listitem');
  card.tabIndex = 0;
  card.dataset.name = item.name;
  card.title = item.prompt;
  if (item.preview) {
    const img = document.createElement('img');
    img.src = appUrl(item.preview);
    img.alt = '';
    img.loading = 'lazy';
    card.appendChild(img);
  } else card.classList.add('no-preview');
  const edit = document.createElement('button');
  edit.type = 'button';
  edit.className = 'tool edit';
  edit.title = 'Edit metadata';
  edit.textContent = '\u270E';
  edit.addEventListener('click', e => { e.stopPropagation(); extraNetworksEdit(root, page, item); });
  card.appendChild(edit);
  const name = document.createElement('span');
  name.className = 'name';
  name.textContent = item.name;
  if (item.user && item.user.description) {
    const d = document.createElement('span');
    d.className = 'description';
    d.textContent = item.user.description;
    name.appendChild(d);
  }
  card.appendChild(name);
  const use = () => {
    if (page === 'checkpoints') extraNetworksSelectCheckpoint(item.prompt);
    else extraNetworksToggleText(document.getElementById(root.dataset.tab + '_prompt_input'), item.prompt);
  };
  card.addEventListener('click', use);
  card.addEventListener('keydown', e => { if (e.key === 'Enter' && e.target === card) use(); });
  return card;
}

/** The card's metadata editor (A1111 user metadata, written to NAME.json next to the model). */
function extraNetworksEdit(root, page, item) {
  const dialog = root.querySelector('.extra-networks-editor');
  const f = dialog.querySelector('form').elements;
  const user = item.user || {};
  dialog.querySelector('.editor-title').textContent = item.name;
  f.description.value = user.description || '';
  f.notes.value = user.notes || '';
  f.activation_text.value = user['activation text'] || '';
  f.preferred_weight.value = user['preferred weight'] || 0;
  dialog.querySelectorAll('.lora-only').forEach(e => { e.hidden = page !== 'lora'; });
  dialog.querySelector('.editor-metadata').textContent = JSON.stringify(item.metadata || {}, null, 2);
  dialog.dataset.page = page;
  dialog.dataset.name = item.name;
  dialog.showModal();
}

async function extraNetworksSaveEdit(root) {
  const dialog = root.querySelector('.extra-networks-editor');
  const f = dialog.querySelector('form').elements;
  try {
    EXTRA_NETWORKS.data = await api('internal/extra-networks/metadata', { method: 'POST', json: {
      page: dialog.dataset.page, name: dialog.dataset.name, description: f.description.value,
      notes: f.notes.value, activation_text: f.activation_text.value, preferred_weight: f.preferred_weight.value } });
    EXTRA_NETWORKS.loading = Promise.resolve(EXTRA_NETWORKS.data);
    dialog.close();
    extraNetworksRenderAll();
  } catch (e) {
    toast(e.message, true);
  }
}

function extraNetworksSorted(root, items) {
  const sort = root.querySelector('.extra-networks-sort').value;
  const desc = root.querySelector('.extra-networks-order').dataset.desc === 'true';
  const out = items.slice();
  if (sort === 'name') out.sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
  else if (sort === 'date') out.sort((a, b) => a.mtime - b.mtime);
  if (desc) out.reverse();
  return out;
}

function extraNetworksRender(root) {
  const data = EXTRA_NETWORKS.data;
  if (!data) return;
  const page = root.querySelector('[role=tab][aria-selected=true]').dataset.page;
  const items = data[page] || [];
  const folderSelect = root.querySelector('.extra-networks-folder');
  const folders = [...new Set(items.map(i => i.folder).filter(Boolean))].sort();
  const keep = folderSelect.value;
  folderSelect.replaceChildren(new Option('All folders', ''), ...folders.map(f => new Option(f, f)));
  folderSelect.value = folders.includes(keep) ? keep : '';
  const query = root.querySelector('.extra-networks-search').value.trim().toLowerCase();
  const folder = folderSelect.value;
  const shown = extraNetworksSorted(root, items).filter(i =>
    (!query || (i.name + ' ' + i.folder).toLowerCase().includes(query))
    && (!folder || i.folder === folder || i.folder.startsWith(folder + '/')));
  root.querySelector('.extra-networks-cards').replaceChildren(...shown.map(i => extraNetworksCard(root, page, i)));
  root.querySelector('.extra-networks-empty').hidden = items.length > 0;
}

function extraNetworksRenderAll() {
  document.querySelectorAll('.extra-networks').forEach(extraNetworksRender);
}

function extraNetworksInit(root) {
  const toggle = root.querySelector('.extra-networks-toggle');
  const panel = root.querySelector('.extra-networks-panel');
  toggle.addEventListener('click', async () => {
    panel.hidden = !panel.hidden;
    toggle.setAttribute('aria-expanded', String(!panel.hidden));
    if (panel.hidden) return;
    try {
      await extraNetworksLoad();
      extraNetworksRender(root);
    } catch (e) {
      toast(e.message, true);
    }
  });
  root.querySelectorAll('[role=tab]').forEach(b => b.addEventListener('click', () => {
    root.querySelectorAll('[role=tab]').forEach(t => t.setAttribute('aria-selected', String(t === b)));
    extraNetworksRender(root);
  }));
  root.querySelector('.extra-networks-search').addEventListener('input', () => extraNetworksRender(root));
  root.querySelector('.extra-networks-sort').addEventListener('change', () => extraNetworksRender(root));
  root.querySelector('.extra-networks-folder').addEventListener('change', () => extraNetworksRender(root));
  const order = root.querySelector('.extra-networks-order');
  order.addEventListener('click', () => {
    const desc = order.dataset.desc !== 'true';
    order.dataset.desc = String(desc);
    order.textContent = desc ? '\u2193' : '\u2191';
    order.title = 'Sort order: ' + (desc ? 'descending' : 'ascending');
    extraNetworksRender(root);
  });
  root.querySelector('.editor-save').addEventListener('click', () => extraNetworksSaveEdit(root));
  root.querySelector('.editor-cancel').addEventListener('click', () => root.querySelector('.extra-networks-editor').close());
  root.querySelector('.extra-networks-refresh').addEventListener('click', async () => {
    try {
      await extraNetworksLoad(true);
      extraNetworksRenderAll();
    } catch (e) {
      toast(e.message, true);
    }
  });
}

document.addEventListener('DOMContentLoaded', () => {
  document.querySelectorAll('.extra-networks').forEach(extraNetworksInit);
});
