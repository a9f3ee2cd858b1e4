import { ROLES, type CreateUserRequest, type ListUsersQuery, type Role, type UpdateUserRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsEmail, IsIn, IsNotEmpty, IsOptional, IsString, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../common/pagination.dto';
import { IsOptionalNotNull } from '../../common/validation';

export class CreateUserDto implements CreateUserRequest {
  @ApiProperty()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiPropertyOptional({ enum: ROLES, default: 'member' })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({ description: 'A service account signs in with API keys only.', default: false })
  @IsOptionalNotNull()
  @IsBoolean()
  isServiceAccount?: boolean;

  @ApiPropertyOptional({ description: 'Required unless isServiceAccount.' })
  @ValidateIf((dto: CreateUserDto) => !dto.isServiceAccount)
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password?: string;
}

export class UpdateUserDto implements UpdateUserRequest {
  @ApiPropertyOptional()
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: ROLES })
  @IsOptionalNotNull()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional({
    description: 'True disables the account at once: no sign-in, and its access tokens and API keys stop working. False enables it again.',
  })
  @IsOptionalNotNull()
  @IsBoolean()
  disabled?: boolean;
}

export class ListUsersQueryDto extends PageQueryDto implements ListUsersQuery {
  @ApiPropertyOptional({ description: 'Matches email or name.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  search?: string;
}
