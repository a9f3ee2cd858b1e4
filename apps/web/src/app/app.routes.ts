import type { Routes } from '@angular/router';
import { signedInGuard, signedOutGuard } from './core/auth/auth.guard';
import { adminGuard } from './features/admin/admin.guard';

export const routes: Routes = [
  { path: 'sign-in', canActivate: [signedOutGuard], loadComponent: () => import('./features/auth/pages/sign-in.page').then((m) => m.SignInPage) },
  // Outside the signed-in shell: an 'anyone' link opens without an account (the page sends to sign-in for the others).
  { path: 'shared/:token', loadComponent: () => import('./features/shares/pages/shared.page').then((m) => m.SharedPage) },
  {
    path: '',
    canActivate: [signedInGuard],
    loadComponent: () => import('./core/layout/shell').then((m) => m.Shell),
    children: [
      { path: '', pathMatch: 'full', loadComponent: () => import('./features/catalogue/pages/catalogue.page').then((m) => m.CataloguePage) },
      { path: 'assistants/:assistantId', loadComponent: () => import('./features/assistant/pages/assistant.page').then((m) => m.AssistantPage) },
      { path: 'templates', loadComponent: () => import('./features/templates/pages/templates.page').then((m) => m.TemplatesPage) },
      { path: 'chat/:assistantId', loadComponent: () => import('./features/chat/pages/chat.page').then((m) => m.ChatPage) },
      { path: 'admin', canActivate: [adminGuard], loadComponent: () => import('./features/admin/pages/admin.page').then((m) => m.AdminPage) },
      { path: 'profile', loadComponent: () => import('./features/profile/pages/profile.page').then((m) => m.ProfilePage) },
      { path: 'api-keys', loadComponent: () => import('./features/api-keys/pages/api-keys.page').then((m) => m.ApiKeysPage) },
    ],
  },
  { path: '**', redirectTo: '' },
];
