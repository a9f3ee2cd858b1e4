import { setProblemLanguage } from './app/core/i18n/problem-message';

// Problem texts follow a module-wide language that a Russian spec sets: every spec starts in English.
beforeEach(() => setProblemLanguage('en'));
