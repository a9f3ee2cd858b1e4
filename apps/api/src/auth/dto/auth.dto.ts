import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { API_SCOPES, type ApiScope, type CreateApiKeyRequest, type LoginRequest, type RegisterRequest } from '@assistants/common';
import { ArrayMaxSize, ArrayNotEmpty, IsArray, IsEmail, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsOptionalNotNull, trimString } from '../../common/validation';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class RegisterDto implements RegisterRequest {
  @ApiProperty({ example: 'ann@example.com' })
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'Ann Example' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name: string;

  @ApiProperty({ minLength: 8, maxLength: 200, description: 'Not a common password, and not containing the email address.' })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  password: string;
}

export class LoginDto implements LoginRequest {
  @ApiProperty()
  @Transform(trimLower)
  @IsEmail()
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  password: string;
}

export class CreateApiKeyDto implements CreateApiKeyRequest {
  @ApiProperty({ example: 'billing-service' })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiPropertyOptional({ description: 'Days until the key stops working; none means it never expires.', minimum: 1, maximum: 3650 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  expiresInDays?: number;

  @ApiPropertyOptional({
    enum: API_SCOPES,
    isArray: true,
    default: ['chat', 'read'],
    description: 'chat: converse; read: read everything the owner may; admin: manage assistants, templates, documents, users and keys.',
  })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(API_SCOPES.length)
  @IsIn(API_SCOPES, { each: true })
  scopes?: ApiScope[];
}
