import type { ApiKeyView, Caller, SessionView } from '@assistants/common';
import type { AppConfig } from '@assistants/config';
import type { ApiKey, User } from '@assistants/db';
import { ConflictException, ForbiddenException, Injectable, Logger, NotFoundException, type OnApplicationBootstrap, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { hash, verify } from '@node-rs/argon2';
import { InjectConfig } from '../config/config.module';
import { PrismaService } from '../database/prisma.service';
import { toUserView } from '../users/user.view';
import type { CreateApiKeyDto, LoginDto, RegisterDto } from './dto/auth.dto';
import { API_KEY_PREFIX, hashApiKey, newApiKey } from './tokens';

interface TokenPayload {
  sub: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    private readonly prisma: PrismaService,
    private readonly jwt: JwtService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  /** Creates the first administrator from ADMIN_EMAIL / ADMIN_PASSWORD when that user does not exist yet. */
  async onApplicationBootstrap(): Promise<void> {
    const { email, password, name } = this.config.admin;
    if (!email || !password) return;
    const existing = await this.prisma.client.user.findUnique({ where: { email } });
    if (existing) return;
    await this.prisma.client.user.create({ data: { email, name, role: 'admin', passwordHash: await hash(password) } });
    this.logger.log(`created administrator ${email}`);
  }

  async register(dto: RegisterDto) {
    if (!this.config.allowRegistration) throw new ForbiddenException('Registration is closed; ask an administrator for an account.');
    const passwordHash = await hash(dto.password);
    // The first person to register on an empty installation becomes its administrator.
    const user = await this.prisma.client.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: dto.email } })) throw new ConflictException('An account with this email already exists.');
      const anyAdmin = await tx.user.findFirst({ where: { role: 'admin' }, select: { id: true } });
      return tx.user.create({ data: { email: dto.email, name: dto.name, passwordHash, role: anyAdmin ? 'member' : 'admin' } });
    });
    return this.session(user);
  }

  async login(dto: LoginDto) {
    const user = await this.prisma.client.user.findUnique({ where: { email: dto.email } });
    const valid = user?.passwordHash ? await verify(user.passwordHash, dto.password) : false;
    if (!user || !valid) throw new UnauthorizedException('Email or password is wrong.');
    return this.session(user);
  }

  /** Turns a bearer token (JWT or API key) into the caller, or throws 401. */
  async authenticate(token: string): Promise<Caller> {
    if (token.startsWith(API_KEY_PREFIX)) return this.authenticateApiKey(token);
    let payload: TokenPayload;
    try {
      payload = await this.jwt.verifyAsync<TokenPayload>(token);
    } catch {
      throw new UnauthorizedException('The access token is invalid or has expired; sign in again.');
    }
    const user = await this.prisma.client.user.findUnique({ where: { id: payload.sub } });
    if (!user) throw new UnauthorizedException('The account of this token no longer exists.');
    return { id: user.id, email: user.email, role: user.role, via: 'jwt' };
  }

  async createApiKey(userId: string, dto: CreateApiKeyDto) {
    const { key, hash: keyHash, prefix } = newApiKey();
    const expiresAt = dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 86_400_000) : null;
    const row = await this.prisma.client.apiKey.create({ data: { userId, name: dto.name, prefix, keyHash, expiresAt } });
    return { ...toApiKeyView(row), key };
  }

  async listApiKeys(userId: string) {
    const rows = await this.prisma.client.apiKey.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: 'desc' } });
    return rows.map(toApiKeyView);
  }

  async revokeApiKey(caller: Caller, id: string): Promise<void> {
    const row = await this.prisma.client.apiKey.findUnique({ where: { id } });
    if (!row || row.revokedAt) throw new NotFoundException('No such API key.');
    if (row.userId !== caller.id && caller.role !== 'admin') throw new ForbiddenException('This API key belongs to someone else.');
    await this.prisma.client.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  }

  private async authenticateApiKey(token: string): Promise<Caller> {
    const row = await this.prisma.client.apiKey.findUnique({ where: { keyHash: hashApiKey(token) }, include: { user: true } });
    if (!row || row.revokedAt) throw new UnauthorizedException('The API key is unknown or was revoked.');
    if (row.expiresAt && row.expiresAt < new Date()) throw new UnauthorizedException('The API key has expired.');
    // Last use is informative only: written at most once a minute, and a failed write must not fail the request.
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
      void this.prisma.client.apiKey.update({ where: { id: row.id }, data: { lastUsedAt: new Date() } }).catch(() => undefined);
    }
    return { id: row.user.id, email: row.user.email, role: row.user.role, via: 'api-key' };
  }

  private async session(user: User): Promise<SessionView> {
    const accessToken = await this.jwt.signAsync({ sub: user.id } satisfies TokenPayload);
    return { accessToken, tokenType: 'Bearer', expiresIn: this.config.jwt.ttlSeconds, user: toUserView(user) };
  }
}

export function toApiKeyView(row: ApiKey): ApiKeyView {
  const iso = (date: Date | null) => date?.toISOString() ?? null;
  return { id: row.id, name: row.name, prefix: row.prefix, createdAt: row.createdAt.toISOString(), lastUsedAt: iso(row.lastUsedAt), expiresAt: iso(row.expiresAt) };
}
