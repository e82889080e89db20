// Pasted HTML (Word, LibreOffice, Google Docs, web pages) reduced to structure: headings,
// paragraphs, lists, links, tables, bold and italic. The server does the same clean-up
// (app/content/richtext.py) for what reaches it without this script.

const KEEP_ATTRIBUTES = { A: ['href'], IMG: ['src', 'alt'], OL: ['start'], TD: ['colspan'], TH: ['colspan'] };
const DROP_WITH_CONTENT = 'style, script, meta, link, title, xml, template, noscript, head';
const UNWRAP = new Set(['SPAN', 'FONT', 'DIV', 'SECTION', 'ARTICLE', 'MAIN', 'HEADER', 'FOOTER',
  'CENTER', 'U', 'S', 'STRIKE', 'DEL', 'INS', 'MARK', 'SMALL', 'BIG', 'LABEL', 'NAV', 'ASIDE']);
const ORDERED_MARKER = /^\s*(\d+|[a-zA-Z]|[ivxlcdmIVXLCDM]+)[.)]/;
const MSO_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;

function rename(element, tag) {
  const replacement = element.ownerDocument.createElement(tag);
  while (element.firstChild) replacement.appendChild(element.firstChild);
  element.replaceWith(replacement);
  return replacement;
}

function unwrap(element) {
  element.replaceWith(...element.childNodes);
}

function styleOf(element) {
  return (element.getAttribute && element.getAttribute('style')) || '';
}

// Word's list paragraphs: the marker sits between "[if !supportLists]" comments or in a span
// styled "mso-list:Ignore". Returns whether the marker is a number, and removes it.
function takeMarker(paragraph) {
  const walker = paragraph.ownerDocument.createTreeWalker(paragraph, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  const start = comments.find((c) => /\[if !supportLists\]/.test(c.data));
  if (start) {
    let text = '';
    let node = start.nextSibling;
    while (node && !(node.nodeType === Node.COMMENT_NODE && /\[endif\]/.test(node.data))) {
      const next = node.nextSibling;
      text += node.textContent;
      node.remove();
      node = next;
    }
    return ORDERED_MARKER.test(text);
  }
  const ignored = [...paragraph.querySelectorAll('span')].find((s) => /mso-list:\s*Ignore/i.test(styleOf(s)));
  if (ignored) {
    const ordered = ORDERED_MARKER.test(ignored.textContent);
    ignored.remove();
    return ordered;
  }
  return false;
}

function nestedList(doc, items) {
  const fragment = doc.createDocumentFragment();
  const stack = []; // [{list, item}]
  for (const { level, ordered, paragraph } of items) {
    while (stack.length > level) stack.pop();
    while (stack.length < level) {
      const list = doc.createElement(ordered ? 'ol' : 'ul');
      if (stack.length === 0) fragment.appendChild(list);
      else {
        const parent = stack[stack.length - 1];
        if (!parent.item) parent.item = parent.list.appendChild(doc.createElement('li'));
        parent.item.appendChild(list);
      }
      stack.push({ list, item: null });
    }
    const top = stack[stack.length - 1];
    top.item = top.list.appendChild(doc.createElement('li'));
    while (paragraph.firstChild) top.item.appendChild(paragraph.firstChild);
  }
  return fragment;
}

function wordLists(doc) {
  const paragraphs = [...doc.body.querySelectorAll('p')].filter((p) => MSO_LIST.test(styleOf(p)));
  let group = [];
  const flush = () => {
    if (!group.length) return;
    const list = nestedList(doc, group);
    group[0].paragraph.before(list);
    group.forEach(({ paragraph }) => paragraph.remove());
    group = [];
  };
  paragraphs.forEach((paragraph) => {
    const [, id, level] = styleOf(paragraph).match(MSO_LIST);
    const previous = group[group.length - 1];
    let sibling = paragraph.previousSibling;
    while (sibling && sibling.nodeType !== Node.ELEMENT_NODE && !sibling.textContent.trim()) {
      sibling = sibling.previousSibling;
    }
    if (previous && (previous.id !== id || sibling !== previous.paragraph)) flush();
    const ordered = takeMarker(paragraph);
    group.push({ id, level: Math.min(Number(level), 9), ordered, paragraph });
  });
  flush();
}

function inlineStyles(doc) {
  // Google Docs wraps the whole document in <b style="font-weight:normal">.
  doc.body.querySelectorAll('b, strong').forEach((b) => {
    if (/font-weight\s*:\s*(normal|[1-4]00)/i.test(styleOf(b))) unwrap(b);
  });
  doc.body.querySelectorAll('span').forEach((span) => {
    const style = styleOf(span);
    let inner = span;
    if (/font-weight\s*:\s*(bold|bolder|[6-9]00)/i.test(style)) {
      const strong = doc.createElement('strong');
      strong.append(...inner.childNodes);
      inner.appendChild(strong);
      inner = strong;
    }
    if (/font-style\s*:\s*italic/i.test(style)) {
      const em = doc.createElement('em');
      em.append(...inner.childNodes);
      inner.appendChild(em);
    }
  });
  doc.body.querySelectorAll('b').forEach((b) => rename(b, 'strong'));
  doc.body.querySelectorAll('i').forEach((i) => rename(i, 'em'));
}

function headings(doc) {
  doc.body.querySelectorAll('h1').forEach((h) => rename(h, 'h2'));
  doc.body.querySelectorAll('h5, h6').forEach((h) => rename(h, 'h4'));
}

function headerRows(doc) {
  doc.body.querySelectorAll('table').forEach((table) => {
    if (table.querySelector('th')) return;
    const first = table.querySelector('tr');
    if (first) first.querySelectorAll('td').forEach((td) => rename(td, 'th'));
  });
  // A header cell is bold already.
  doc.body.querySelectorAll('th strong, th b').forEach(unwrap);
}

function removeComments(doc) {
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  comments.forEach((c) => c.remove());
}

function isEmptyBlock(element) {
  return !element.textContent.replace(/[\s\u00a0]/g, '') && !element.querySelector('img');
}

function stripAttributes(doc) {
  doc.body.querySelectorAll('*').forEach((element) => {
    const keep = KEEP_ATTRIBUTES[element.tagName] || [];
    [...element.attributes].forEach((attribute) => {
      if (!keep.includes(attribute.name)) element.removeAttribute(attribute.name);
    });
  });
}

export function cleanPastedHtml(html) {
  // Word's downlevel-revealed conditionals are not comments for the parser: drop the markers
  // around them (the list marker inside is handled by takeMarker through the comment form).
  html = html
    .replace(/<!\[if !supportLists\]>/g, '<!--[if !supportLists]-->')
    .replace(/<!\[endif\]>/g, '<!--[endif]-->')
    .replace(/<!\[if [^\]]*\]>/g, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll(DROP_WITH_CONTENT).forEach((element) => element.remove());
  wordLists(doc);
  removeComments(doc);
  inlineStyles(doc);
  headings(doc);
  headerRows(doc);
  // Office namespaced elements (<o:p>, <w:sdt>…) and presentational wrappers.
  [...doc.body.querySelectorAll('*')].reverse().forEach((element) => {
    if (element.tagName.includes(':') || UNWRAP.has(element.tagName)) unwrap(element);
  });
  doc.body.querySelectorAll('p, h2, h3, h4, li, blockquote').forEach((block) => {
    if (isEmptyBlock(block)) block.remove();
  });
  stripAttributes(doc);
  return doc.body.innerHTML;
}
