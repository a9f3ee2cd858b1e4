const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** The distinct {{variables}} of a prompt text, in order of first use. */
export function extractVariables(promptText: string): string[] {
  return [...new Set([...promptText.matchAll(VARIABLE)].map((m) => m[1]))];
}

export interface RenderResult {
  text: string;
  missing: string[];
}

/** Fills {{variables}}; unknown ones stay visible in the text and are reported as missing. */
export function renderTemplate(promptText: string, values: Record<string, string>): RenderResult {
  const missing = new Set<string>();
  const text = promptText.replace(VARIABLE, (whole, name: string) => {
    if (Object.prototype.hasOwnProperty.call(values, name)) return values[name];
    missing.add(name);
    return whole;
  });
  return { text, missing: [...missing] };
}
