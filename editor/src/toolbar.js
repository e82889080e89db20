// The toolbar: one tab stop (roving tabindex), arrow keys between buttons, aria-pressed on
// the formats that apply to the selection.
import { setHeading } from './extensions.js';

function button(label, title) {
  const element = document.createElement('button');
  element.type = 'button';
  element.textContent = label;
  if (title && title !== label) element.title = title;
  element.tabIndex = -1;
  return element;
}

export function buildToolbar(editor, labels, actions) {
  const toolbar = document.createElement('div');
  toolbar.className = 'editor-toolbar';
  toolbar.setAttribute('role', 'toolbar');
  toolbar.setAttribute('aria-label', labels.toolbar);
  const chain = () => editor.chain().focus();
  const inTable = () => editor.isActive('table');
  const specs = [
    { name: 'paragraph', run: () => chain().setParagraph().run(),
      active: () => editor.isActive('paragraph') },
    ...[2, 3, 4].map((level) => ({
      name: `h${level}`, shortcut: `Ctrl+Alt+${level}`,
      run: () => setHeading(editor, level, actions.announceLevel),
      active: () => editor.isActive('heading', { level }),
    })),
    { name: 'bold', shortcut: 'Ctrl+B', run: () => chain().toggleBold().run(), active: () => editor.isActive('bold') },
    { name: 'italic', shortcut: 'Ctrl+I', run: () => chain().toggleItalic().run(),
      active: () => editor.isActive('italic') },
    { name: 'bulletList', run: () => chain().toggleBulletList().run(), active: () => editor.isActive('bulletList') },
    { name: 'orderedList', run: () => chain().toggleOrderedList().run(),
      active: () => editor.isActive('orderedList') },
    { name: 'blockquote', run: () => chain().toggleBlockquote().run(), active: () => editor.isActive('blockquote') },
    { name: 'link', shortcut: 'Ctrl+K', run: actions.openLink },
    { name: 'unlink', run: () => chain().extendMarkRange('link').unsetLink().run(),
      visible: () => editor.isActive('link') },
    { name: 'table', run: () => chain().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run(),
      visible: () => !inTable() },
    { name: 'addRow', run: () => chain().addRowAfter().run(), visible: inTable },
    { name: 'deleteRow', run: () => chain().deleteRow().run(), visible: inTable },
    { name: 'addColumn', run: () => chain().addColumnAfter().run(), visible: inTable },
    { name: 'deleteColumn', run: () => chain().deleteColumn().run(), visible: inTable },
    { name: 'deleteTable', run: () => chain().deleteTable().run(), visible: inTable },
    { name: 'image', run: () => actions.openMedia('image'), visible: () => actions.hasMedia },
    { name: 'document', run: () => actions.openMedia('document'), visible: () => actions.hasMedia },
    { name: 'undo', shortcut: 'Ctrl+Z', run: () => chain().undo().run() },
    { name: 'redo', shortcut: 'Ctrl+Y', run: () => chain().redo().run() },
  ];
  const buttons = specs.map((spec) => {
    const label = labels[spec.name];
    const element = button(label, spec.shortcut ? `${label} (${spec.shortcut})` : label);
    element.dataset.command = spec.name;
    if (spec.active) element.setAttribute('aria-pressed', 'false');
    element.addEventListener('click', () => spec.run());
    toolbar.appendChild(element);
    return { spec, element };
  });
  buttons[0].element.tabIndex = 0;

  const visibleButtons = () => buttons.filter(({ element }) => !element.hidden).map(({ element }) => element);
  const focusButton = (target) => {
    visibleButtons().forEach((element) => { element.tabIndex = element === target ? 0 : -1; });
    target.focus();
  };
  toolbar.addEventListener('keydown', (event) => {
    const list = visibleButtons();
    const index = list.indexOf(document.activeElement);
    if (index < 0) return;
    const moves = { ArrowRight: index + 1, ArrowDown: index + 1, ArrowLeft: index - 1, ArrowUp: index - 1,
      Home: 0, End: list.length - 1 };
    if (!(event.key in moves)) return;
    event.preventDefault();
    focusButton(list[(moves[event.key] + list.length) % list.length]);
  });
  toolbar.addEventListener('focusin', (event) => {
    if (event.target.tagName === 'BUTTON') focusButton(event.target);
  });

  const refresh = () => {
    buttons.forEach(({ spec, element }) => {
      if (spec.active) element.setAttribute('aria-pressed', String(Boolean(spec.active())));
      if (spec.visible) element.hidden = !spec.visible();
    });
    // The toolbar keeps exactly one tab stop, on a visible button.
    const list = visibleButtons();
    if (!list.some((element) => element.tabIndex === 0)) {
      list.forEach((element, index) => { element.tabIndex = index === 0 ? 0 : -1; });
    }
  };
  editor.on('selectionUpdate', refresh);
  editor.on('transaction', refresh);
  refresh();
  return toolbar;
}
