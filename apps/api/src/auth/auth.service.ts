import { API_SCOPES, type ApiKeyView, type Caller, DEFAULT_API_SCOPES, isUuid, type RegistrationView, type SessionView } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { ApiKey, PrismaClient, User } from '@assistants/db';
import {
  ConflictException,
  ForbiddenException,
  Injectable,
  Logger,
  NotFoundException,
  type OnApplicationBootstrap,
  UnauthorizedException,
} from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import { randomBytes } from 'node:crypto';
import { assertCanIssueApiKey } from '../common/access';
import { codedMessage, problemText } from '../common/errors';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { readUserById } from './user-by-id';
import { ApiInstancesEvents } from '../runtime/api-instances-events';
import type { CreateApiKeyDto, LoginDto, RegisterDto } from './dto/auth.dto';
import { LoginThrottle } from './login-throttle';
import { assertStrongPassword, passwordEstimator, passwordWeakness } from './password-policy';
import { endSessions } from './sessions';
import { API_KEY_PREFIX, hashApiKey, newApiKey, outlivesRevocation, type SessionClaims, sessionIssuedAt, tokenIssuedAt } from './tokens';
import { toUserView } from '../users/user.view';

type Tx = Parameters<Parameters<PrismaClient['$transaction']>[0]>[0];

/** Any constant shared by every API process: serialises "is there an admin yet?" with creating one. */
const FIRST_ADMIN_LOCK = 7_260_331;
const LOGIN_FAILED = problemText('auth.invalid_credentials');
export const ACCOUNT_DISABLED = problemText('auth.account_disabled');
// Short enough for a WebSocket close reason (123 bytes).
const SESSION_ENDED = problemText('auth.session_ended');
const TOKEN_EXPIRED = problemText('auth.token_expired');

/** What registration answers, whether or not the address was free: it must not tell who has an account. */
export const REGISTRATION_ACCEPTED: RegistrationView = {
  status: 'accepted',
  detail: 'If this email address can be registered, the account is ready: sign in with POST /api/auth/login.',
};

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);
  /** Verified against when the account is unknown, so a login costs one argon2 verify either way. */
  private dummyHash?: Promise<string>;

  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    private readonly loginThrottle: LoginThrottle,
    @InjectConfig() private readonly config: AppConfig,
    private readonly instances: ApiInstancesEvents,
  ) {}

  /** Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when that user does not exist yet. */
  async onApplicationBootstrap(): Promise<void> {
    passwordEstimator(); // load the dictionaries now, not on the first registration
    this.dummyHash = hash(randomBytes(16).toString('hex'));
    const { email, password, name } = this.config.admin;
    if (!email || !password) return;
    if (await this.prisma.client.user.findUnique({ where: { email } })) return;
    const weakness = passwordWeakness(password, email, name);
    if (weakness) throw new Error(`ADMIN_PASSWORD ${weakness}; the administrator was not created.`);
    const passwordHash = await hash(password);
    const created = await this.prisma.client.$transaction(async (tx) => {
      await lockFirstAdmin(tx);
      if (await tx.user.findUnique({ where: { email } })) return false;
      await tx.user.create({ data: { email, name, role: 'admin', passwordHash } });
      return true;
    });
    if (created) this.logger.log(`created administrator ${email}`);
  }

  /**
   * Answers the same whether or not the email is taken (and costs the same:
   * one argon2 hash, one locked transaction), then the person signs in.
   */
  async register(dto: RegisterDto): Promise<RegistrationView> {
    if (!this.config.allowRegistration) throw new ForbiddenException(problemText('auth.registration_closed'));
    assertStrongPassword(dto.password, dto.email, dto.name);
    const passwordHash = await hash(dto.password);
    await this.prisma.client.$transaction(async (tx) => {
      // The first person to register on an empty installation becomes its administrator; the lock
      // makes two simultaneous first registrations take turns, so exactly one of them is.
      await lockFirstAdmin(tx);
      if (await tx.user.findUnique({ where: { email: dto.email }, select: { id: true } })) return;
      const anyAdmin = await tx.user.findFirst({ where: { role: 'admin' }, select: { id: true } });
      await tx.user.create({ data: { email: dto.email, name: dto.name, passwordHash, role: anyAdmin ? 'member' : 'admin' } });
    });
    return REGISTRATION_ACCEPTED;
  }

  /** Throttled per account and address together (see LoginThrottle); one message for every failure. */
  async login(dto: LoginDto, address: string | undefined) {
    await this.loginThrottle.check(dto.email, address);
    const user = await this.prisma.client.user.findUnique({ where: { email: dto.email } });
    const valid = await verify(user?.passwordHash ?? (await this.dummyPasswordHash()), dto.password);
    if (!user?.passwordHash || !valid) {
      await this.loginThrottle.failed(dto.email, address);
      throw new UnauthorizedException(LOGIN_FAILED);
    }
    // Said only to someone who knows the password, so it reveals nothing to a guesser.
    if (user.disabledAt) throw new ForbiddenException(ACCOUNT_DISABLED);
    return this.session(user);
  }

  /** Turns a bearer token (JWT or API key) into the caller, or throws 401. */
  async authenticate(token: string): Promise<Caller> {
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(token);
    let payload: SessionClaims;
    try {
      payload = await this.jwt.verifyAsync<SessionClaims>(token);
    } catch {
      throw new UnauthorizedException(problemText('auth.token_invalid'));
    }
    // Only we sign tokens, but a subject that is not an id must still be a 401, never a database error.
    if (typeof payload.sub !== 'string' || !isUuid(payload.sub))
      throw new UnauthorizedException(codedMessage('auth.token_invalid', {}, 'The access token is invalid; sign in again.'));
    const user = await readUserById(this.prisma.db.sql, payload.sub);
    return userCaller(user, { issuedAt: tokenIssuedAt(payload), expiresAt: typeof payload.exp === 'number' ? payload.exp * 1000 : undefined });
  }

  /**
   * The caller as the database has it now (role, scopes), for a connection that outlives the
   * request it was authenticated at (the WebSocket): 401 once the account is disabled or gone,
   * its session ended, or its token or key revoked or expired.
   */
  async recheck(caller: Caller): Promise<Caller> {
    const [result] = await this.recheckMany([caller]);
    if (result instanceof UnauthorizedException) throw result;
    return result;
  }

  /** `recheck` for many callers at once (every socket of an instance): two queries however many, each caller's answer in its place. */
  async recheckMany(callers: readonly Caller[]): Promise<Array<Caller | UnauthorizedException>> {
    const keyIds = [...new Set(callers.flatMap((c) => (c.via === 'api-key' && c.keyId ? [c.keyId] : [])))];
    const userIds = [...new Set(callers.flatMap((c) => (c.via === 'jwt' ? [c.id] : [])))];
    const [keys, users] = await Promise.all([
      keyIds.length ? this.prisma.client.apiKey.findMany({ where: { id: { in: keyIds } }, include: { user: true } }) : [],
      userIds.length ? this.prisma.client.user.findMany({ where: { id: { in: userIds } } }) : [],
    ]);
    const keyById = new Map(keys.map((row) => [row.id, row]));
    const userById = new Map(users.map((row) => [row.id, row]));
    return callers.map((caller) => {
      try {
        return caller.via === 'api-key' ? keyCaller(keyById.get(caller.keyId ?? '') ?? null) : userCaller(userById.get(caller.id) ?? null, caller);
      } catch (error) {
        if (error instanceof UnauthorizedException) return error;
        throw error;
      }
    });
  }

  /**
   * Signs out everywhere: every access token of the account issued so far stops, here and on every
   * instance, open sockets included. API keys are managed one by one and stay.
   */
  async logout(caller: Caller): Promise<void> {
    // At least the caller's own token ends, even if this instance's clock is behind the one that issued it.
    await endSessions(this.prisma.client, caller.id, Math.max(Date.now(), caller.issuedAt ?? 0));
    this.instances.publish({ type: 'access.changed', userId: caller.id });
  }

  /** A key for `userId`: the caller's own, or (admins) a service account's; at most MAX_API_KEYS_PER_USER active ones each. */
  async createApiKey(caller: Caller, userId: string, dto: CreateApiKeyDto) {
    const { key, hash: keyHash, prefix } = newApiKey();
    const expiresAt = dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 86_400_000) : null;
    const scopes = [...new Set(dto.scopes ?? DEFAULT_API_SCOPES)];
    const max = this.config.quotas.apiKeysPerUser;
    const row = await this.prisma.client.$transaction(async (tx) => {
      // Locking the account's row makes mints for it take turns, so that two at once cannot both pass the count.
      const [account] = await tx.$queryRaw<{ id: string; isServiceAccount: boolean }[]>`
        SELECT id, is_service_account AS "isServiceAccount" FROM users WHERE id = ${userId}::uuid FOR UPDATE`;
      assertCanIssueApiKey(account ?? null, caller, userId);
      const now = new Date();
      const active = await tx.apiKey.count({ where: { userId, revokedAt: null, OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] } });
      if (active >= max) {
        throw new ConflictException(problemText('auth.api_key_limit', { max }));
      }
      return tx.apiKey.create({ data: { userId, name: dto.name, prefix, keyHash, expiresAt, scopes } });
    });
    return { ...toApiKeyView(row), key };
  }

  async listApiKeys(userId: string) {
    const rows = await this.prisma.client.apiKey.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
    return rows.map(toApiKeyView);
  }

  async revokeApiKey(caller: Caller, id: string): Promise<void> {
    const row = await this.prisma.client.apiKey.findUnique({ where: { id } });
    if (!row || row.revokedAt) throw new NotFoundException(problemText('auth.api_key_not_found'));
    if (row.userId !== caller.id && caller.role !== 'admin') throw new ForbiddenException(problemText('auth.api_key_not_yours'));
    await this.prisma.client.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
    // Requests with the key stop at once; its open sockets make none, so every instance checks them now.
    this.instances.publish({ type: 'access.changed', userId: row.userId });
  }

  private async authenticateApiKey(token: string): Promise<Caller> {
    const row = await this.prisma.client.apiKey.findUnique({ where: { keyHash: hashApiKey(token) }, include: { user: true } });
    const caller = keyCaller(row);
    // Last use is informative only: written at most once a minute, and a failed write must not fail the request.
    if (row && (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000)) {
      void this.prisma.client.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
    return caller;
  }

  private dummyPasswordHash(): Promise<string> {
    this.dummyHash ??= hash(randomBytes(16).toString('hex'));
    return this.dummyHash;
  }

  private async session(user: User): Promise<SessionView> {
    const accessToken = await this.jwt.signAsync({ sub: user.id, iat_ms: sessionIssuedAt(user.tokensValidAfter) } satisfies SessionClaims);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.ttlSeconds, user: toUserView(user) };
  }
}

/** Checked on every request, so disabling an account or signing out everywhere stops its tokens at once. */
function userCaller(user: User | null, token: Pick<Caller, 'issuedAt' | 'expiresAt'>): Caller {
  if (!user) throw new UnauthorizedException(problemText('auth.account_gone'));
  if (user.disabledAt) throw new UnauthorizedException(ACCOUNT_DISABLED);
  // The signature check saw the expiry already; this is for a socket opened with the token.
  if (token.expiresAt !== undefined && token.expiresAt <= Date.now()) throw new UnauthorizedException(TOKEN_EXPIRED);
  if (!outlivesRevocation(token.issuedAt, user.tokensValidAfter)) throw new UnauthorizedException(SESSION_ENDED);
  return { id: user.id, email: user.email, role: user.role, via: 'jwt', scopes: API_SCOPES, issuedAt: token.issuedAt, expiresAt: token.expiresAt };
}

/** The same for an API key, which can also be revoked or expire. */
function keyCaller(row: (ApiKey & { user: User }) | null): Caller {
  if (!row) throw new UnauthorizedException(problemText('auth.api_key_unknown'));
  if (row.revokedAt) throw new UnauthorizedException(problemText('auth.api_key_revoked'));
  if (row.expiresAt && row.expiresAt <= new Date()) throw new UnauthorizedException(problemText('auth.api_key_expired'));
  if (row.user.disabledAt) throw new UnauthorizedException(ACCOUNT_DISABLED);
  const expiresAt = row.expiresAt?.getTime();
  return { id: row.user.id, email: row.user.email, role: row.user.role, via: 'api-key', keyId: row.id, scopes: row.scopes, ...(expiresAt && { expiresAt }) };
}

async function lockFirstAdmin(tx: Tx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
}

export function toApiKeyView(row: ApiKey): ApiKeyView {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: row.scopes,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
  };
}
