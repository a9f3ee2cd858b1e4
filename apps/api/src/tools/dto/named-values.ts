import { MASKED_SECRET } from '@assistants/adapters';
import { registerDecorator } from 'class-validator';

/** What the names and values of a map of headers or environment variables may be. */
export interface NamedValueRules {
  maxEntries: number;
  name: RegExp;
  /** What a name must be, in words. */
  nameRule: string;
  maxNameLength: number;
  maxValueLength: number;
  /** Names that may not be set (lower case), and why. */
  reserved?: { names: RegExp; why: string };
  value?: RegExp;
  valueRule?: string;
}

/** The first thing wrong with a map of names to text (each value a string: IsStringMap says so), or null. */
export function namedValuesProblem(field: string, map: Record<string, unknown>, rules: NamedValueRules): string | null {
  const entries = Object.entries(map);
  if (entries.length > rules.maxEntries) return `${field} may have at most ${rules.maxEntries} entries, not ${entries.length}`;
  for (const [name, value] of entries) {
    if (name.length > rules.maxNameLength) return `${field}: a name is longer than ${rules.maxNameLength} characters`;
    if (!rules.name.test(name)) return `${field}.${name}: ${rules.nameRule}`;
    if (rules.reserved?.names.test(name.toLowerCase())) return `${field}.${name}: ${rules.reserved.why}`;
    if (typeof value !== 'string' || value === MASKED_SECRET) continue;
    if (value.length > rules.maxValueLength) return `${field}.${name} is longer than ${rules.maxValueLength} characters`;
    if (rules.value && !rules.value.test(value)) return `${field}.${name}: ${rules.valueRule}`;
  }
  return null;
}

/** Checks a map's size, names and values against `rules` (its value types are IsStringMap's). */
export function NamedValues(rules: NamedValueRules): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'namedValues',
      target: target.constructor,
      propertyName: propertyName as string,
      validator: {
        validate: (value: unknown, args) =>
          typeof value !== 'object' || value === null || !namedValuesProblem(args!.property, value as Record<string, unknown>, rules),
        defaultMessage: (args) => namedValuesProblem(args!.property, args!.value as Record<string, unknown>, rules) ?? `${args!.property} is not valid`,
      },
    });
}

export const HEADER_RULES: NamedValueRules = {
  maxEntries: 50,
  // RFC 9110 token characters.
  name: /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/,
  nameRule: "a header name is letters, digits and !#$%&'*+.^_`|~-",
  maxNameLength: 100,
  maxValueLength: 8000,
  reserved: {
    names:
      /^(host|content-length|content-type|content-encoding|transfer-encoding|connection|keep-alive|upgrade|te|trailer|expect|accept|last-event-id|mcp-.*|proxy-.*)$/,
    why: 'the client sets this header itself',
  },
  // Visible Latin-1 and tabs: no line breaks (a second header) and nothing fetch cannot send.
  value: /^[\t\x20-\x7e\x80-\xff]*$/,
  valueRule: 'a header value may not contain line breaks, control characters or characters beyond Latin-1',
};

export const ENV_RULES: NamedValueRules = {
  maxEntries: 50,
  name: /^[A-Za-z_][A-Za-z0-9_]*$/,
  nameRule: 'a variable name is letters, digits and underscores, not starting with a digit',
  maxNameLength: 200,
  maxValueLength: 8000,
};
