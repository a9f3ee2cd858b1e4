import type { ComponentFixture } from '@angular/core/testing';

/** Components that await their requests in plain promises: let those finish, then render. */
export function settler(fixture: ComponentFixture<unknown>): () => Promise<void> {
  return async () => {
    await new Promise((resolve) => setTimeout(resolve));
    await fixture.whenStable();
    fixture.detectChanges();
  };
}
