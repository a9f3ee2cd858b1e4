import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet, { type HelmetOptions } from 'helmet';

type Directives = NonNullable<Exclude<HelmetOptions['contentSecurityPolicy'], boolean | undefined>['directives']>;

/** The web app: scripts only from our origin (no inline script), inline styles allowed (Angular's component styles). */
const WEB_APP: Directives = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Helmet's default would upgrade every request to https, which breaks a plain-http installation.
  upgradeInsecureRequests: null,
};
/** Swagger UI loads its own scripts from /api/docs and styles itself inline; images include data: URLs. */
const API_DOCS: Directives = { ...WEB_APP };
/** JSON answers render nothing: nothing may load, nothing may frame them. */
const API: Directives = { defaultSrc: ["'none'"], frameAncestors: ["'none'"], baseUri: ["'none'"], formAction: ["'none'"], upgradeInsecureRequests: null };

const common: HelmetOptions = {
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  // Sent only over TLS (below): a browser that saw it on plain http would ignore it anyway.
  strictTransportSecurity: false,
};
const build = (directives: Directives) => helmet({ ...common, contentSecurityPolicy: { useDefaults: false, directives } });

/**
 * Security headers for everything the server answers (helmet): a CSP per kind
 * of answer, nosniff, no framing, no referrer, and HSTS when the request came
 * over TLS (directly, or through a proxy trusted by TRUST_PROXY that says https).
 */
export function securityHeaders(): RequestHandler {
  const [webApp, docs, api] = [build(WEB_APP), build(API_DOCS), build(API)];
  const hsts = helmet.strictTransportSecurity({ maxAge: 180 * 24 * 3600, includeSubDomains: true });
  return (req: Request, res: Response, next: NextFunction) => {
    const path = req.path;
    const handler = path.startsWith('/api/docs') ? docs : path === '/api' || path.startsWith('/api/') ? api : webApp;
    handler(req, res, (error?: unknown) => {
      if (error || !req.secure) return next(error);
      hsts(req, res, next);
    });
  };
}
