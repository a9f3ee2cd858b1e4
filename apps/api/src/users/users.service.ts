import type { Caller } from '@assistants/common';
import type { Prisma } from '@assistants/db';
import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { assertStrongPassword } from '../auth/password-policy';
import { endSessions } from '../auth/sessions';
import { problemText } from '../common/errors';
import { escapeLike } from '../common/validation';
import { PrismaService } from '../database/prisma.service';
import { ApiInstancesEvents } from '../runtime/api-instances-events';
import type { UpdateProfileDto } from './dto/profile.dto';
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/users.dto';
import { toUserView } from './user.view';

/** Any constant shared by every API process: serialises "is another administrator left?" with demoting or disabling one. */
const LAST_ADMIN_LOCK = 7_260_332;

@Injectable()
export class UsersService {
  constructor(
    private readonly prisma: PrismaService,
    private readonly instances: ApiInstancesEvents,
  ) {}

  async findOne(id: string) {
    const user = await this.prisma.client.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'user', id }));
    return toUserView(user);
  }

  /** The caller's own name, interface language and theme; what is left out stays. */
  async updateProfile(caller: Caller, dto: UpdateProfileDto) {
    const user = await this.prisma.client.user.update({ where: { id: caller.id }, data: { name: dto.name, language: dto.language, theme: dto.theme } });
    return toUserView(user);
  }

  async list(query: ListUsersQueryDto) {
    // Prisma hands `contains` to LIKE unescaped: a search must match its text literally.
    const search = query.search ? escapeLike(query.search) : undefined;
    const where: Prisma.UserWhereInput = search
      ? { OR: [{ email: { contains: search, mode: 'insensitive' } }, { name: { contains: search, mode: 'insensitive' } }] }
      : {};
    const [items, total] = await Promise.all([
      this.prisma.client.user.findMany({ where, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: query.limit, skip: query.offset }),
      this.prisma.client.user.count({ where }),
    ]);
    return { items: items.map(toUserView), total, limit: query.limit, offset: query.offset };
  }

  async create(dto: CreateUserDto) {
    if (await this.prisma.client.user.findUnique({ where: { email: dto.email } })) {
      throw new ConflictException(problemText('auth.email_taken'));
    }
    if (dto.password && !dto.isServiceAccount) assertStrongPassword(dto.password, dto.email, dto.name);
    const passwordHash = dto.password && !dto.isServiceAccount ? await hash(dto.password) : null;
    const user = await this.prisma.client.user.create({
      data: { email: dto.email, name: dto.name, role: dto.role ?? 'member', isServiceAccount: dto.isServiceAccount ?? false, passwordHash },
    });
    return toUserView(user);
  }

  /** Name, role and disabling; an administrator can neither demote nor disable themself, nor remove the last active administrator. */
  async update(caller: Caller, id: string, dto: UpdateUserDto) {
    const { disabled, ...fields } = dto;
    if (id === caller.id && fields.role && fields.role !== 'admin') {
      throw new ConflictException(problemText('user.cannot_demote_self'));
    }
    if (id === caller.id && disabled) throw new ConflictException(problemText('user.cannot_disable_self'));
    const data: Prisma.UserUpdateInput = { ...fields };
    const [user, roleChanged] = await this.prisma.client.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${LAST_ADMIN_LOCK})`);
      const current = await tx.user.findUnique({ where: { id } });
      if (!current) throw new NotFoundException(problemText('resource.id_unknown', { kind: 'user', id }));
      if (disabled !== undefined) data.disabledAt = disabled ? (current.disabledAt ?? new Date()) : null;
      const removesAdmin = current.role === 'admin' && !current.disabledAt && ((fields.role && fields.role !== 'admin') || disabled);
      if (removesAdmin) {
        const others = await tx.user.count({ where: { role: 'admin', disabledAt: null, id: { not: id } } });
        if (others === 0) throw new ConflictException(problemText('user.last_admin'));
      }
      // Enabling the account again must not bring back the access tokens it had.
      if (disabled) await endSessions(tx, id, Date.now());
      return [await tx.user.update({ where: { id }, data }), !!fields.role && fields.role !== current.role] as const;
    });
    // Tokens stop (or see the new role) at their next request, but an open WebSocket makes none: every
    // instance checks the account's sockets now, closing them or dropping what the role no longer allows.
    // Said again when an account already disabled is disabled once more, in case the first word was lost.
    if (disabled || roleChanged) this.instances.publish({ type: 'access.changed', userId: id });
    return toUserView(user);
  }
}
