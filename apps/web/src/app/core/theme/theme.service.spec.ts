import { TestBed } from '@angular/core/testing';
import { ThemeService } from './theme.service';

describe('ThemeService', () => {
  beforeEach(() => {
    localStorage.clear();
    delete document.documentElement.dataset['theme'];
  });

  it('starts by following the system, and marks <html> for the stylesheet', () => {
    const theme = TestBed.inject(ThemeService);
    theme.init();
    expect(theme.current()).toBe('system');
    expect(document.documentElement.dataset['theme']).toBe('system');
  });

  it('remembers a choice for the next visit, and ignores a stored value it does not know', () => {
    TestBed.inject(ThemeService).use('dark');
    expect(document.documentElement.dataset['theme']).toBe('dark');
    const next = new ThemeService();
    next.init();
    expect(next.current()).toBe('dark');
    localStorage.setItem('assistants.theme', 'purple');
    next.init();
    expect(next.current()).toBe('system');
  });
});
