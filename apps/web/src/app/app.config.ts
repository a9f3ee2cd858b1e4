import { provideHttpClient, withFetch, withInterceptors } from '@angular/common/http';
import { type ApplicationConfig, inject, provideAppInitializer, provideBrowserGlobalErrorListeners } from '@angular/core';
import { provideRouter, withComponentInputBinding } from '@angular/router';
import { provideTranslateLoader, provideTranslateService } from '@ngx-translate/core';
import { routes } from './app.routes';
import { authInterceptor, errorInterceptor } from './core/api/interceptors';
import { BundledTranslationLoader, LanguageService } from './core/i18n/language.service';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideRouter(routes, withComponentInputBinding()),
    provideHttpClient(withFetch(), withInterceptors([authInterceptor, errorInterceptor])),
    // A factory, not the class: ngx-translate tells classes from factories by their source text
    // (/^class\s/), which minified production code no longer matches.
    provideTranslateService({ loader: provideTranslateLoader(() => new BundledTranslationLoader()), fallbackLang: 'en', lang: 'en' }),
    provideAppInitializer(() => inject(LanguageService).init()),
  ],
};
