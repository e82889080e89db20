// Drafts: an existing item is saved on the server 15 s after the last change (at most every
// 15 s); a new item is kept in localStorage until it is submitted. Leaving the page with
// unsaved changes asks first.
export const AUTOSAVE_DELAY = 15000;
const SKIPPED_FIELDS = new Set(['csrf_token', 'version', 'body_html']);

function statusRegion(form) {
  let region = form.querySelector('.autosave-status');
  if (!region) {
    region = document.createElement('p');
    region.className = 'autosave-status help';
    region.setAttribute('role', 'status');
    form.append(region);
  }
  return region;
}

function fieldValues(form) {
  const values = {};
  [...form.elements].forEach((field) => {
    if (!field.name || SKIPPED_FIELDS.has(field.name) || field.type === 'file') return;
    if (['submit', 'button', 'hidden'].includes(field.type)) return;
    if ((field.type === 'checkbox' || field.type === 'radio')) {
      if (field.checked) values[field.name] = field.value;
      return;
    }
    values[field.name] = field.value;
  });
  return values;
}

function restoreValues(form, values) {
  [...form.elements].forEach((field) => {
    if (!field.name || !(field.name in values)) return;
    if (field.type === 'checkbox' || field.type === 'radio') field.checked = values[field.name] === field.value;
    else field.value = values[field.name];
  });
}

export function watchForm(form, editors, labels) {
  const autosaveUrl = form.dataset.autosaveUrl;
  const storageKey = `bastide-draft:${form.getAttribute('action') || window.location.pathname}`;
  const region = statusRegion(form);
  let changes = 0;
  let savedChanges = 0;
  let submitting = false;
  let stopped = false;
  let timer = null;
  let lastSave = 0;
  let saving = false;

  const syncEditors = () => editors.forEach((entry) => entry.sync());
  const dirty = () => changes !== savedChanges;

  async function saveOnServer() {
    timer = null;
    if (stopped || submitting || saving || !dirty()) return;
    saving = true;
    syncEditors();
    const sentChanges = changes;
    try {
      const response = await fetch(autosaveUrl, {
        method: 'POST', body: new FormData(form), credentials: 'same-origin',
        headers: { 'X-Requested-With': 'fetch', Accept: 'application/json' },
      });
      const data = await response.json().catch(() => ({}));
      if (response.ok) {
        const version = form.querySelector('input[name="version"]');
        if (version && data.version !== undefined) version.value = data.version;
        savedChanges = sentChanges;
        lastSave = Date.now();
        region.textContent = data.message || '';
      } else {
        stopped = true;
        region.textContent = data.message || labels.autosaveFailed;
      }
    } catch {
      region.textContent = labels.autosaveFailed;
    } finally {
      saving = false;
      if (dirty() && !stopped) schedule();
    }
  }

  function saveLocally() {
    timer = null;
    if (submitting) return;
    syncEditors();
    const draft = { savedAt: new Date().toISOString(), fields: fieldValues(form),
      editors: editors.map((entry) => entry.editor.getHTML()) };
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(draft));
      savedChanges = changes;
    } catch {
      // Storage full or disabled: the warning before leaving still protects the text.
    }
  }

  function schedule() {
    if (stopped || submitting) return;
    window.clearTimeout(timer);
    if (autosaveUrl) {
      const wait = Math.max(AUTOSAVE_DELAY, lastSave + AUTOSAVE_DELAY - Date.now());
      timer = window.setTimeout(saveOnServer, wait);
    } else {
      timer = window.setTimeout(saveLocally, 1000);
    }
  }

  const changed = () => {
    changes += 1;
    schedule();
  };
  form.addEventListener('input', changed);
  form.addEventListener('change', changed);
  editors.forEach((entry) => entry.editor.on('update', changed));

  form.addEventListener('submit', (event) => {
    syncEditors();
    const submitter = event.submitter;
    if (submitter && submitter.getAttribute('formtarget') === '_blank') return;
    submitting = true;
    window.clearTimeout(timer);
    if (!autosaveUrl) window.localStorage.removeItem(storageKey);
  });

  window.addEventListener('beforeunload', (event) => {
    if (submitting || !dirty()) return;
    event.preventDefault();
    event.returnValue = '';
  });

  if (!autosaveUrl) offerRestore(form, editors, labels, storageKey, region);
}

function offerRestore(form, editors, labels, storageKey, region) {
  let draft = null;
  try {
    draft = JSON.parse(window.localStorage.getItem(storageKey) || 'null');
  } catch {
    draft = null;
  }
  if (!draft || !draft.fields) return;
  const notice = document.createElement('div');
  notice.className = 'editor-restore';
  notice.setAttribute('role', 'region');
  notice.setAttribute('aria-label', labels.restoreTitle);
  const when = new Date(draft.savedAt);
  const text = document.createElement('p');
  text.textContent = labels.restoreDraft.replace('%s', when.toLocaleString(document.documentElement.lang || 'fr'));
  const restore = document.createElement('button');
  restore.type = 'button';
  restore.textContent = labels.restore;
  const discard = document.createElement('button');
  discard.type = 'button';
  discard.textContent = labels.discard;
  notice.append(text, restore, discard);
  form.prepend(notice);
  restore.addEventListener('click', () => {
    restoreValues(form, draft.fields);
    editors.forEach((entry, index) => {
      if (draft.editors && draft.editors[index] !== undefined) entry.editor.commands.setContent(draft.editors[index]);
    });
    notice.remove();
    region.textContent = labels.restored;
    editors[0]?.editor.commands.focus();
  });
  discard.addEventListener('click', () => {
    window.localStorage.removeItem(storageKey);
    notice.remove();
    form.querySelector('input:not([type=hidden]), textarea, [contenteditable]')?.focus();
  });
}
