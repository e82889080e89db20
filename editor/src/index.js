// Bastide's rich-text editor: progressive enhancement of the Markdown text area rendered by
// app/templates/content/_editor.html. Without this script the text area works as before.
import { Editor } from '@tiptap/core';
import { extensions } from './extensions.js';
import { buildToolbar } from './toolbar.js';
import { linkDialog, mediaDialog } from './dialogs.js';
import { cleanPastedHtml } from './paste.js';
import { watchForm } from './autosave.js';

const instances = [];

function enhance(wrapper) {
  const textarea = wrapper.querySelector('textarea');
  const hidden = wrapper.querySelector('input[name="body_html"]');
  const label = wrapper.querySelector('label');
  if (!textarea || !hidden || !label) return null;
  const labels = JSON.parse(wrapper.dataset.labels || '{}');
  const template = wrapper.querySelector('template[data-editor-content]');
  // After a refused submission the page carries what the clerk posted: start from it.
  const content = hidden.value || (template ? template.innerHTML : '');

  const container = document.createElement('div');
  container.className = 'editor';
  const surface = document.createElement('div');
  surface.className = 'editor-surface';
  const status = document.createElement('p');
  status.className = 'visually-hidden';
  status.setAttribute('role', 'status');

  const describedBy = textarea.getAttribute('aria-describedby');
  const attributes = { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': label.id,
    class: 'editor-content', spellcheck: 'true', lang: document.documentElement.lang || 'fr' };
  if (describedBy) attributes['aria-describedby'] = describedBy;
  if (textarea.getAttribute('aria-invalid')) attributes['aria-invalid'] = 'true';

  const actions = { hasMedia: Boolean(wrapper.dataset.mediaPicker) };
  const editor = new Editor({
    element: surface,
    extensions: extensions({
      announce: (level) => { status.textContent = labels.levelAdjusted.replace('%s', labels[`h${level}`]); },
      openLink: () => actions.openLink(),
    }),
    content,
    injectCSS: false,
    editorProps: { attributes, transformPastedHTML: cleanPastedHtml },
  });
  actions.openLink = linkDialog(editor, labels);
  actions.announceLevel = (level) => { status.textContent = labels.levelAdjusted.replace('%s', labels[`h${level}`]); };
  if (actions.hasMedia) {
    actions.openMedia = mediaDialog(editor, labels, wrapper.dataset.mediaPicker, wrapper.dataset.mediaLibrary);
  }

  container.append(buildToolbar(editor, labels, actions), surface, status);
  textarea.hidden = true;
  textarea.after(container);
  label.addEventListener('click', () => editor.commands.focus());
  wrapper.classList.add('has-editor');

  const entry = { editor, sync: () => { hidden.value = editor.getHTML(); } };
  instances.push(entry);
  return entry;
}

function start() {
  const byForm = new Map();
  document.querySelectorAll('[data-editor]').forEach((wrapper) => {
    const entry = enhance(wrapper);
    const form = wrapper.closest('form');
    if (!entry || !form) return;
    if (!byForm.has(form)) byForm.set(form, { labels: JSON.parse(wrapper.dataset.labels || '{}'), entries: [] });
    byForm.get(form).entries.push(entry);
  });
  byForm.forEach(({ labels, entries }, form) => watchForm(form, entries, labels));
}

window.BastideEditor = { instances };
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
