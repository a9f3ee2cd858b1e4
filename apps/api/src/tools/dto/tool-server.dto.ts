import type { CreateToolServerRequest, ToolTransport, UpdateToolServerRequest } from '@assistants/common';
import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { IsOptionalNotNull, IsStringMap, trimString } from '../../common/validation';
import { ENV_RULES, HEADER_RULES, type NamedValueRules, NamedValues } from './named-values';

export const TOOL_TRANSPORTS = ['http', 'stdio'] as const satisfies readonly ToolTransport[];
export const MAX_ARGS = 100;

const secretMap = (what: string, rules: NamedValueRules) => ({
  type: 'object' as const,
  additionalProperties: { type: 'string' as const, maxLength: rules.maxValueLength },
  maxProperties: rules.maxEntries,
  description: `${what} Values are stored encrypted and shown as "••••"; on PATCH, "••••" keeps the stored value and a name left out is removed.`,
});

export class CreateToolServerDto implements CreateToolServerRequest {
  @ApiProperty({ example: 'Issue tracker', maxLength: 100 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name: string;

  @ApiProperty({
    enum: TOOL_TRANSPORTS,
    description: 'http: an MCP endpoint (Streamable HTTP, or HTTP+SSE). stdio: a command run on this host (admins, TOOLS_STDIO=true).',
  })
  @IsIn(TOOL_TRANSPORTS)
  transport: ToolTransport;

  @ApiPropertyOptional({ maxLength: 2000, description: 'http: the MCP endpoint, an http or https URL without a user name or password.' })
  @IsOptionalNotNull()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(2000)
  url?: string;

  @ApiPropertyOptional(secretMap('http: headers sent with every request (an API key, a token).', HEADER_RULES))
  @IsOptionalNotNull()
  @IsStringMap()
  @NamedValues(HEADER_RULES)
  headers?: Record<string, string>;

  @ApiPropertyOptional({ maxLength: 1000, description: 'stdio: the command to run (found on PATH, or a full path).' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(1000)
  command?: string;

  @ApiPropertyOptional({ type: [String], maxItems: MAX_ARGS, description: 'stdio: the arguments of the command.' })
  @IsOptionalNotNull()
  @IsArray()
  @ArrayMaxSize(MAX_ARGS)
  @IsString({ each: true })
  @MaxLength(4000, { each: true })
  args?: string[];

  @ApiPropertyOptional(secretMap("stdio: the command's environment, on top of a minimal one (PATH, HOME); never this server's own.", ENV_RULES))
  @IsOptionalNotNull()
  @IsStringMap()
  @NamedValues(ENV_RULES)
  env?: Record<string, string>;

  @ApiPropertyOptional({ default: false, description: 'Admins only: every member may read it and link it to their assistants.' })
  @IsOptionalNotNull()
  @IsBoolean()
  shared?: boolean;
}

export class UpdateToolServerDto
  extends PartialType(OmitType(CreateToolServerDto, ['transport'] as const), { skipNullProperties: false })
  implements UpdateToolServerRequest {}
