import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EntityBaseDto, EntityPutBaseDto, KeyValueDto } from './common.dto';

/** How an action runs. */
export class ExecDto {
  @ApiPropertyOptional({ example: 'nodejs:20', description: 'nodejs:20, blackbox or sequence (absent in listings).' })
  kind?: string;
  @ApiPropertyOptional({ description: 'Source, or base64 zip when binary (left out with ?code=false and in listings).' })
  code?: string;
  @ApiPropertyOptional()
  binary?: boolean;
  @ApiPropertyOptional({ description: 'Function to call (default main).' })
  main?: string;
  @ApiPropertyOptional({ description: 'Docker image of a blackbox action (local only).' })
  image?: string;
  @ApiPropertyOptional({ type: [String], description: 'Components of a sequence, fully qualified.' })
  components?: string[];
}

/** Limits of one action. */
export class ActionLimitsDto {
  @ApiPropertyOptional({ description: 'ms' })
  timeout?: number;
  @ApiPropertyOptional({ description: 'MB' })
  memory?: number;
  @ApiPropertyOptional({ description: 'MB' })
  logs?: number;
  @ApiPropertyOptional()
  concurrency?: number;
}

/** An action as the API answers it (a listing leaves out parameters and code). */
export class ActionDto extends EntityBaseDto {
  @ApiProperty({ type: ExecDto })
  exec!: ExecDto;
  @ApiProperty({ type: ActionLimitsDto })
  limits!: ActionLimitsDto;
  @ApiPropertyOptional({ type: [KeyValueDto] })
  parameters?: KeyValueDto[];
}

/** Body of `PUT …/actions/{name}`. */
export class ActionPutDto extends EntityPutBaseDto {
  @ApiPropertyOptional({ type: ExecDto, description: 'Required when creating.' })
  exec?: ExecDto;
  @ApiPropertyOptional({ type: ActionLimitsDto })
  limits?: ActionLimitsDto;
}
