// The assistant's replies as markdown: lists, emphasis, code and links, never raw HTML.
//
// markdown-it (vendored in /static/vendor, see the README) is safe by default: `html: false`
// escapes any HTML in the text, and its link check refuses javascript:, vbscript:, file: and
// data: URLs. Images are off (the page loads nothing from elsewhere), and the page's CSP runs
// no inline script whatever reaches the DOM.

import markdownit from "../vendor/markdown-it/markdown-it.esm.min.mjs";
import { localizeDates } from "./dates.js";

const md = markdownit({ html: false, linkify: false, typographer: false, breaks: true }).disable([
  "image",
]);

// Links open in a new tab, telling the other site nothing about this page.
const renderLink = md.renderer.rules.link_open ?? ((tokens, i, options, env, self) =>
  self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  tokens[i].attrSet("target", "_blank");
  tokens[i].attrSet("rel", "noopener noreferrer");
  return renderLink(tokens, i, options, env, self);
};

// `text` as HTML; every timestamp in it shown in the person's time zone.
export function markdownHtml(text) {
  return md.render(localizeDates(text));
}

// Draws `text` into `element` (only when it changed: streaming calls this per chunk).
export function renderMarkdown(element, text) {
  if (element.dataset.source === text) return;
  element.dataset.source = text;
  element.innerHTML = markdownHtml(text);
}
