// The editor's schema: only what the platform's Markdown can say (headings 2-4, bold, italic,
// lists, quotations, links, images, simple tables; code and rules are kept so that older
// texts survive an edit, without toolbar buttons).
import { Extension } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { Heading } from '@tiptap/extension-heading';
import Image from '@tiptap/extension-image';
import { Table, TableRow, TableCell, TableHeader } from '@tiptap/extension-table';

export const LEVELS = [2, 3, 4];

// The page title is the site's <h1>: a heading may follow it or the previous heading by one
// level at most. Returns the level a new heading at ``position`` may have.
export function allowedLevel(doc, position, wanted) {
  let previous = 1;
  doc.nodesBetween(0, position, (node, pos) => {
    if (node.type.name === 'heading' && pos < position) previous = node.attrs.level;
    return node.type.name !== 'heading';
  });
  // The heading being changed does not count as its own predecessor.
  return Math.max(LEVELS[0], Math.min(wanted, previous + 1));
}

export function setHeading(editor, wanted, announce) {
  const { state } = editor;
  const { $from } = state.selection;
  if ($from.parent.type.name === 'heading' && $from.parent.attrs.level === wanted) {
    return editor.chain().focus().setParagraph().run();
  }
  const level = allowedLevel(state.doc, $from.before($from.depth), wanted);
  if (level !== wanted && announce) announce(level);
  return editor.chain().focus().setHeading({ level }).run();
}

// Headings: pasted or loaded h1 is a "Titre" (h2), h5/h6 an "Intertitre" (h4); the
// shortcuts follow the no-jump rule like the toolbar.
const SiteHeading = Heading.extend({
  parseHTML() {
    return [1, 2, 3, 4, 5, 6].map((level) => ({
      tag: `h${level}`,
      attrs: { level: Math.min(4, Math.max(2, level)) },
    }));
  },
  addKeyboardShortcuts() {
    return Object.fromEntries(
      LEVELS.map((level) => [`Mod-Alt-${level}`, () => setHeading(this.editor, level, this.options.announce)]),
    );
  },
  addOptions() {
    return { ...this.parent?.(), announce: null };
  },
});

export function extensions({ announce, openLink }) {
  return [
    StarterKit.configure({
      heading: false,
      strike: false,
      underline: false,
      link: {
        openOnClick: false,
        // Links come from pasted <a> elements and the link dialog only: Tiptap's URL
        // detection rewrote a pasted link's address from its text ("service-public.fr").
        autolink: false,
        shouldAutoLink: () => false,
        linkOnPaste: true,
        defaultProtocol: 'https',
        protocols: ['mailto', 'tel'],
        HTMLAttributes: { rel: null, target: null, class: null },
      },
    }),
    SiteHeading.configure({ levels: LEVELS, announce }),
    Image.configure({ inline: false, allowBase64: false }),
    Table.configure({ resizable: false, allowTableNodeSelection: false }),
    TableRow,
    TableHeader,
    TableCell,
    Extension.create({
      name: 'bastideShortcuts',
      addKeyboardShortcuts() {
        return { 'Mod-k': () => { openLink(); return true; } };
      },
    }),
  ];
}
