const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text for HTML content or a quoted attribute: task names and paths come from files. */
export function escapeHtml(text: string | number): string {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Text for a title attribute: escaped, line breaks kept as character references so a tooltip of several lines stays on one line of HTML. */
export function escapeAttribute(text: string | number): string {
  return escapeHtml(text).replace(/\r?\n/g, '&#10;');
}

/**
 * JSON or a script for an inline <script> element: `</script` or `<!--` inside would end or
 * confuse the element, so `<` is escaped. In JSON the \u003c escape is exact; in the libraries'
 * code `<` only needs it before `/script` and `!--`, where `<\/` and `<\!` read the same in
 * strings and regular expressions.
 */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

export function inlineScript(code: string): string {
  return code.replace(/<(\/script|!--)/gi, '<\\$1');
}
