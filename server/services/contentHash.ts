import { createHash } from 'node:crypto';

/** SHA-256 of a JSON value with object keys in a fixed order: equal content, equal hash, whatever the key order. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/** A piece of output still to write: literal text, or a value still to turn into text. */
type Pending = { text: string } | { value: unknown };

/**
 * JSON with sorted keys (undefined members left out), built with an explicit stack rather than recursion:
 * the value comes from a client, and deep nesting must cost memory in proportion, never the call stack.
 */
function canonicalJson(root: unknown): string {
  const out: string[] = [];
  const stack: Pending[] = [{ value: root }];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if ('text' in next) {
      out.push(next.text);
      continue;
    }
    const { value } = next;
    if (typeof value !== 'object' || value === null) {
      out.push(JSON.stringify(value) ?? '');
      continue;
    }
    const parts: Pending[] = [];
    if (Array.isArray(value)) {
      value.forEach((item, index) => parts.push(...(index > 0 ? [{ text: ',' }] : []), { value: item }));
      parts.unshift({ text: '[' });
      parts.push({ text: ']' });
    } else {
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .sort()
        .filter((key) => record[key] !== undefined);
      keys.forEach((key, index) => parts.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` }, { value: record[key] }));
      parts.unshift({ text: '{' });
      parts.push({ text: '}' });
    }
    for (let index = parts.length - 1; index >= 0; index -= 1) stack.push(parts[index]!);
  }
  return out.join('');
}
