import {
  type AssistantToolRequest,
  BUILTIN_TOOLS,
  type BuiltinTool,
  DEFAULT_MAX_TOOL_ROUNDS,
  MAX_TOOL_ROUNDS,
  type SetAssistantToolsRequest,
  type ToolApproval,
} from '@assistants/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsIn, IsInt, IsNotEmpty, IsString, IsUUID, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOptionalNotNull } from '../../common/validation';

export const TOOL_APPROVALS = ['never', 'always'] as const satisfies readonly ToolApproval[];
export const MAX_ASSISTANT_TOOLS = 100;

export class AssistantToolDto implements AssistantToolRequest {
  @ApiPropertyOptional({ format: 'uuid', description: 'A tool server the caller and the assistant’s owner may use; give it with name.' })
  @IsOptionalNotNull()
  @IsUUID()
  serverId?: string;

  @ApiPropertyOptional({ maxLength: 200, description: 'With serverId: a tool the server lists, or "*" for all of them (as it lists them at each turn).' })
  @IsOptionalNotNull()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  name?: string;

  @ApiPropertyOptional({ enum: BUILTIN_TOOLS, description: 'A tool of the product itself, instead of serverId and name.' })
  @IsOptionalNotNull()
  @IsIn(BUILTIN_TOOLS)
  builtin?: BuiltinTool;

  @ApiPropertyOptional({ enum: TOOL_APPROVALS, description: 'Whether a person approves each call; left out: never for read-only tools, else always.' })
  @IsOptionalNotNull()
  @IsIn(TOOL_APPROVALS)
  approval?: ToolApproval;
}

export class SetAssistantToolsDto implements SetAssistantToolsRequest {
  @ApiProperty({ type: [AssistantToolDto], maxItems: MAX_ASSISTANT_TOOLS, description: 'The whole list, replacing the one the assistant had.' })
  @IsArray()
  @ArrayMaxSize(MAX_ASSISTANT_TOOLS)
  @ValidateNested({ each: true })
  @Type(() => AssistantToolDto)
  tools: AssistantToolDto[];

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TOOL_ROUNDS, default: DEFAULT_MAX_TOOL_ROUNDS, description: 'How many times one turn may call tools.' })
  @IsOptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(MAX_TOOL_ROUNDS)
  maxToolRounds?: number;
}
