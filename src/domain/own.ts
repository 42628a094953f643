/**
 * Lookups and writes on plain objects keyed by text from outside (a file's headers, a cell's
 * words). `obj[key]` finds inherited members for keys such as `constructor` or `toString`, and
 * `obj[key] = v` with the key `__proto__` changes the object's prototype instead of adding a
 * field: either way a column's value is lost without a word. These two never look past the
 * object's own fields and always write one.
 */

/** The object's own value under `key`, never an inherited member such as `constructor`. */
export function ownValue<V>(
  obj: Readonly<Record<string, V>> | undefined,
  key: string,
): V | undefined {
  return obj !== undefined && Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Sets the object's own field `key`, even when the key is `__proto__`. */
export function setOwn<V>(obj: Record<string, V>, key: string, value: V): void {
  // Only `__proto__` is an accessor on Object.prototype; any other key is written as an own field.
  if (key === '__proto__')
    Object.defineProperty(obj, key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  else obj[key] = value;
}
