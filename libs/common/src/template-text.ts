const VARIABLE = /\{\{\s*([A-Za-z_][A-Za-z0-9_.]*)\s*\}\}/g;

/** The distinct {{variables}} of a prompt text, in order of first use. */
export function extractVariables(promptText: string): string[] {
  return [...new Set([...promptText.matchAll(VARIABLE)].map((m) => m[1]))];
}

export interface RenderResult {
  text: string;
  missing: string[];
}

/** A rendering would be longer than allowed: one value used many times multiplies its size. */
export class TemplateTooLargeError extends Error {
  override name = 'TemplateTooLargeError';
  constructor(readonly maxChars: number) {
    super(
      `The rendered template would be more than ${maxChars.toLocaleString('en-US')} characters long (MAX_RENDERED_TEMPLATE_CHARS): use shorter values or fewer variables.`,
    );
  }
}

/**
 * Fills {{variables}}; unknown ones stay visible in the text and are reported as missing.
 * `maxChars` is checked part by part as the text grows, so a template that repeats a long value
 * thousands of times fails at the limit instead of building megabytes first.
 */
export function renderTemplate(promptText: string, values: Record<string, string>, maxChars: number): RenderResult {
  const missing = new Set<string>();
  const parts: string[] = [];
  let length = 0;
  const add = (part: string) => {
    length += part.length;
    if (length > maxChars) throw new TemplateTooLargeError(maxChars);
    parts.push(part);
  };
  let end = 0;
  for (const match of promptText.matchAll(VARIABLE)) {
    add(promptText.slice(end, match.index));
    const name = match[1];
    if (Object.prototype.hasOwnProperty.call(values, name)) add(values[name]);
    else {
      missing.add(name);
      add(match[0]);
    }
    end = match.index + match[0].length;
  }
  add(promptText.slice(end));
  return { text: parts.join(''), missing: [...missing] };
}

/** {{question}} is filled from the message itself, never by the person sending it. */
export const QUESTION_VARIABLE = 'question';

/** The variables of a prompt text the sender must still fill: not given, or only blanks. {{question}} is the message. */
export function unfilledVariables(promptText: string, values: Record<string, string>): string[] {
  return extractVariables(promptText).filter(
    (name) => name !== QUESTION_VARIABLE && !(Object.prototype.hasOwnProperty.call(values, name) && values[name].trim() !== ''),
  );
}
