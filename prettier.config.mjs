// Prettier for the whole repository (`npm run format` writes, `npm run lint` checks). The options
// follow the code as it was written by hand: single quotes, semicolons, trailing commas, and long
// lines (most files keep to 160 columns; a narrower width would rewrap hundreds more lines).
/** @type {import('prettier').Config} */
export default {
  printWidth: 160,
  singleQuote: true,
  // Inline templates and styles stay as written, like the style sheets (and Prettier's embedded
  // formatting of Angular templates needs two passes to settle).
  embeddedLanguageFormatting: 'off',
  // Angular templates use the control-flow blocks (@if, @for) only the angular parser knows.
  overrides: [{ files: 'apps/web/src/**/*.html', options: { parser: 'angular' } }],
};
