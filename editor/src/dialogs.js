// Native <dialog>s for a link and for a file of the media library. They live outside the
// content form (forms cannot nest); closing one gives the focus back to the editor.
let counter = 0;

function element(tag, attributes = {}, text = '') {
  const node = document.createElement(tag);
  Object.entries(attributes).forEach(([name, value]) => node.setAttribute(name, value));
  if (text) node.textContent = text;
  return node;
}

function dialogShell(titleText) {
  counter += 1;
  const id = `editor-dialog-${counter}`;
  const dialog = element('dialog', { class: 'editor-dialog', 'aria-labelledby': `${id}-title` });
  const form = element('form', { method: 'dialog' });
  form.append(element('h2', { id: `${id}-title` }, titleText));
  dialog.append(form);
  document.body.append(dialog);
  return { dialog, form, id };
}

function field(id, labelText, type = 'text', help = '') {
  const wrapper = element('div', { class: 'field' });
  const input = element('input', { id, type, name: id });
  wrapper.append(element('label', { for: id }, labelText), input);
  if (help) {
    wrapper.append(element('p', { class: 'help', id: `${id}-help` }, help));
    input.setAttribute('aria-describedby', `${id}-help`);
  }
  return { wrapper, input };
}

function actionsRow(labels, confirmLabel) {
  const row = element('div', { class: 'actions' });
  const confirm = element('button', { type: 'submit', value: 'confirm', class: 'primary' }, confirmLabel);
  const cancel = element('button', { type: 'submit', value: 'cancel', formnovalidate: '' }, labels.cancel);
  row.append(confirm, cancel);
  return row;
}

// "service-public.fr" -> "https://service-public.fr"; e-mail addresses become mailto: links.
export function normaliseUrl(value) {
  const url = value.trim();
  if (!url) return '';
  if (/^(https?:|mailto:|tel:|\/|#)/i.test(url)) return url;
  if (/^[^\s@/]+@[^\s@/]+\.[^\s@/]+$/.test(url)) return `mailto:${url}`;
  return `https://${url}`;
}

export function linkDialog(editor, labels) {
  const { dialog, form, id } = dialogShell(labels.linkDialog);
  const text = field(`${id}-text`, labels.linkText);
  const address = field(`${id}-address`, labels.linkAddress, 'text', labels.linkAddressHelp);
  address.input.setAttribute('inputmode', 'url');
  address.input.setAttribute('autocomplete', 'url');
  form.append(text.wrapper, address.wrapper, actionsRow(labels, labels.insert));
  let range = null;

  dialog.addEventListener('close', () => {
    const chosen = range;
    range = null;
    // The browser gives the focus back to the editor as the dialog closes, and the editor
    // then reads the page's selection (the start of the text): act after that, or the
    // link and what is typed next would land at the start.
    setTimeout(() => {
      if (dialog.returnValue === 'confirm' && chosen) {
        const href = normaliseUrl(address.input.value);
        const label = text.input.value.trim() || href;
        const chain = editor.chain().focus().setTextSelection(chosen);
        if (href) {
          // What is typed next is not part of the link.
          chain.insertContent({ type: 'text', text: label, marks: [{ type: 'link', attrs: { href } }] })
            .unsetMark('link').run();
        } else {
          chain.unsetLink().run();
        }
      } else {
        editor.chain().focus().setTextSelection(chosen || editor.state.selection).run();
      }
    }, 0);
  });

  return function open() {
    if (dialog.open) return;
    editor.commands.extendMarkRange('link');
    const { from, to } = editor.state.selection;
    range = { from, to };
    text.input.value = editor.state.doc.textBetween(from, to, ' ');
    address.input.value = editor.getAttributes('link').href || '';
    dialog.returnValue = '';
    dialog.showModal();
    (text.input.value ? address.input : text.input).focus();
  };
}

export function mediaDialog(editor, labels, pickerUrl, libraryUrl) {
  const { dialog, form } = dialogShell('');
  const title = form.querySelector('h2');
  const body = element('div', { class: 'editor-media' });
  const close = element('div', { class: 'actions' });
  close.append(element('button', { type: 'submit', value: 'cancel' }, labels.cancel));
  form.append(body, close);
  let range = null;
  let chosen = null;

  dialog.addEventListener('close', () => {
    const [file, at] = [chosen, range];
    chosen = null;
    range = null;
    setTimeout(() => {  // after the editor has read the restored focus (see linkDialog)
      const chain = editor.chain().focus().setTextSelection(at || editor.state.selection);
      if (file && file.kind === 'image') {
        chain.setImage({ src: file.view_url, alt: file.decorative ? '' : (file.alt_text || '') });
      } else if (file) {
        chain.insertContent({ type: 'text', text: file.title,
          marks: [{ type: 'link', attrs: { href: file.download_url } }] }).unsetMark('link');
      }
      chain.run();
    }, 0);
  });

  function render(items, kind) {
    body.replaceChildren();
    const files = items.filter((item) => item.kind === kind);
    if (!files.length) {
      const empty = element('p', {}, labels.emptyLibrary);
      body.append(empty);
      if (libraryUrl) {
        const link = element('p');
        link.append(element('a', { href: libraryUrl }, labels.openLibrary));
        body.append(link);
      }
      return;
    }
    const list = element('ul', { class: 'editor-media-list' });
    files.forEach((item) => {
      const choose = element('button', { type: 'button' });
      if (kind === 'image') {
        choose.append(element('img', { src: item.view_url, alt: '', loading: 'lazy' }));
      }
      choose.append(element('span', {}, item.title));
      const details = kind === 'image'
        ? (item.decorative ? labels.decorative : item.alt_text || '')
        : item.label || '';
      if (details) choose.append(element('span', { class: 'help' }, details));
      choose.addEventListener('click', () => { chosen = item; dialog.close('confirm'); });
      const entry = element('li');
      entry.append(choose);
      list.append(entry);
    });
    body.append(list);
  }

  return async function open(kind) {
    if (dialog.open) return;
    const { from, to } = editor.state.selection;
    range = { from, to };
    title.textContent = kind === 'image' ? labels.imageDialog : labels.documentDialog;
    body.replaceChildren(element('p', { role: 'status' }, labels.loading));
    dialog.showModal();
    try {
      const response = await fetch(pickerUrl, { headers: { Accept: 'application/json' },
        credentials: 'same-origin' });
      if (!response.ok) throw new Error(String(response.status));
      render(await response.json(), kind);
    } catch {
      body.replaceChildren(element('p', { role: 'alert' }, labels.libraryFailed));
    }
    const first = body.querySelector('button, a') || close.querySelector('button');
    first.focus();
  };
}
