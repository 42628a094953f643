/** Excel's escaping of text in XLSX cells, which ExcelJS leaves to its callers. */

/**
 * Text as an XLSX cell stores it (OOXML's ST_Xstring escaping, as Excel writes it): characters
 * XML cannot carry or would normalise away (control characters, and CR, which XML turns into LF)
 * become _xHHHH_, and a literal "_xHHHH_" in the text gets its underscore escaped as _x005F_.
 */
export function encodeXlsxText(text: string): string {
  return text.replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1').replace(
    // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters is the point
    /[\u0000-\u0008\u000B\u000C\u000D\u000E-\u001F\uFFFE\uFFFF]/g,
    (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
  );
}

/** The inverse of `encodeXlsxText`, as Excel reads cells: _xHHHH_ is the character it names. */
export function decodeXlsxText(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
