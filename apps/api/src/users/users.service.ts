import type { Caller } from '@assistants/common';
import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { hash } from '@node-rs/argon2';
import { assertStrongPassword } from '../auth/password-policy';
import { PrismaService } from '../database/prisma.service';
import type { CreateUserDto, ListUsersQueryDto, UpdateUserDto } from './dto/users.dto';
import { toUserView } from './user.view';

@Injectable()
export class UsersService {
  constructor(private readonly prisma: PrismaService) {}

  async findOne(id: string) {
    const user = await this.prisma.client.user.findUnique({ where: { id } });
    if (!user) throw new NotFoundException(`No user has id ${id}.`);
    return toUserView(user);
  }

  async list(query: ListUsersQueryDto) {
    const [items, total] = await Promise.all([
      this.prisma.client.user.findMany({ orderBy: { createdAt: 'asc' }, take: query.limit, skip: query.offset }),
      this.prisma.client.user.count(),
    ]);
    return { items: items.map(toUserView), total, limit: query.limit, offset: query.offset };
  }

  async create(dto: CreateUserDto) {
    if (await this.prisma.client.user.findUnique({ where: { email: dto.email } })) {
      throw new ConflictException('An account with this email already exists.');
    }
    if (dto.password && !dto.isServiceAccount) assertStrongPassword(dto.password, dto.email, dto.name);
    const passwordHash = dto.password && !dto.isServiceAccount ? await hash(dto.password) : null;
    const user = await this.prisma.client.user.create({
      data: { email: dto.email, name: dto.name, role: dto.role ?? 'member', isServiceAccount: dto.isServiceAccount ?? false, passwordHash },
    });
    return toUserView(user);
  }

  async update(caller: Caller, id: string, dto: UpdateUserDto) {
    await this.findOne(id);
    if (id === caller.id && dto.role && dto.role !== 'admin') {
      throw new BadRequestException('Administrators cannot demote themselves; ask another administrator.');
    }
    return toUserView(await this.prisma.client.user.update({ where: { id }, data: dto }));
  }
}
