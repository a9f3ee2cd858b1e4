import { type CreateShareRequest, SHARE_AUDIENCES, type ShareAudience } from '@assistants/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';

export class CreateShareDto implements CreateShareRequest {
  @ApiPropertyOptional({
    enum: SHARE_AUDIENCES,
    default: 'signed_in',
    description: "'signed_in': any signed-in user of this instance; 'anyone': no sign-in needed.",
  })
  @IsOptional()
  @IsIn(SHARE_AUDIENCES)
  audience?: ShareAudience;
}
