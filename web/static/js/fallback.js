// The badge on a reply the offline model wrote because the configured model failed:
// the turn's "fallbacks" ({node, error} each) or a message's response_metadata.fallback.

import { h } from "./dom.js";

export function fallbackBadge(fallbacks) {
  const list = (Array.isArray(fallbacks) ? fallbacks : [fallbacks]).filter(Boolean);
  if (!list.length) return null;
  const errors = [...new Set(list.map((f) => f.error).filter(Boolean))].join(", ");
  const why = errors ? ` (${errors})` : "";
  return h(
    "span",
    {
      class: "fallback-badge",
      dataset: { testid: "fallback-badge" },
      title: `The configured model did not answer${why}; the offline model wrote this reply.`,
    },
    "offline model",
  );
}
