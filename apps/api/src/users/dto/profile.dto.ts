import { INTERFACE_LANGUAGES, THEMES, type InterfaceLanguage, type Theme, type UpdateProfileRequest } from '@assistants/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation';

/** PATCH /api/auth/me: what a person may change of their own account. */
export class UpdateProfileDto implements UpdateProfileRequest {
  @ApiPropertyOptional({ description: 'Shown instead of the email where people are named.' })
  @IsOptionalNotNull()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ enum: INTERFACE_LANGUAGES, description: 'The interface language of the web app, in every browser.' })
  @IsOptionalNotNull()
  @IsIn(INTERFACE_LANGUAGES)
  language?: InterfaceLanguage;

  @ApiPropertyOptional({ enum: THEMES, description: 'system follows the browser’s light or dark setting.' })
  @IsOptionalNotNull()
  @IsIn(THEMES)
  theme?: Theme;
}
