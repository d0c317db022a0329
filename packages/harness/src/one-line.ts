/** An error message as one line: JSON.parse and system messages may quote text spanning lines. */
export function oneLine(message: string, max = 160): string {
  const flat = message.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
