import type { ApiScope } from '../access';
import type { IsoDateTime, ViewKeys } from './keys';

export const ROLES = ['admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

/** The interface languages of the web app. */
export const INTERFACE_LANGUAGES = ['en', 'ru'] as const;
export type InterfaceLanguage = (typeof INTERFACE_LANGUAGES)[number];

/** The colour scheme chosen on the profile; system follows the browser's prefers-color-scheme. */
export const THEMES = ['system', 'light', 'dark'] as const;
export type Theme = (typeof THEMES)[number];

/** What the API shows of a user: never the password hash. */
export interface UserView {
  id: string;
  email: string;
  name: string;
  role: Role;
  isServiceAccount: boolean;
  /** When an administrator disabled the account; null while it may sign in. */
  disabledAt: IsoDateTime | null;
  /** The interface language chosen on the profile; null until chosen (the browser's choice stands). */
  language: InterfaceLanguage | null;
  theme: Theme;
  createdAt: IsoDateTime;
}

export const USER_VIEW_KEYS: ViewKeys<UserView> = {
  id: 'required',
  email: 'required',
  name: 'required',
  role: 'required',
  isServiceAccount: 'required',
  disabledAt: 'required',
  language: 'required',
  theme: 'required',
  createdAt: 'required',
};

/** An access token and who it belongs to: the answer to register and login. */
export interface SessionView {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: UserView;
}

export const SESSION_VIEW_KEYS: ViewKeys<SessionView> = { accessToken: 'required', tokenType: 'required', expiresIn: 'required', user: 'required' };

/**
 * The answer to registration, the same whether or not the email was free, so that it reveals
 * nothing about existing accounts; the person then signs in.
 */
export interface RegistrationView {
  status: 'accepted';
  detail: string;
}

export const REGISTRATION_VIEW_KEYS: ViewKeys<RegistrationView> = { status: 'required', detail: 'required' };

/** An API key as listed: only its prefix, never the key or its hash. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The first characters of the key, so people can tell keys apart. */
  prefix: string;
  /** What the key may do: chat, read, admin. */
  scopes: ApiScope[];
  createdAt: IsoDateTime;
  lastUsedAt: IsoDateTime | null;
  expiresAt: IsoDateTime | null;
}

export const API_KEY_VIEW_KEYS: ViewKeys<ApiKeyView> = {
  id: 'required',
  name: 'required',
  prefix: 'required',
  scopes: 'required',
  createdAt: 'required',
  lastUsedAt: 'required',
  expiresAt: 'required',
};

/** A key just made: the only time the whole key is shown. */
export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

export const CREATED_API_KEY_VIEW_KEYS: ViewKeys<CreatedApiKeyView> = { ...API_KEY_VIEW_KEYS, key: 'required' };
