import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON, KeyValueDto } from './common.dto';

/** The outcome of an activation. */
export class ActivationResponseDto {
  @ApiProperty({ enum: ['success', 'application error', 'action developer error', 'whisk internal error'] })
  status!: string;
  @ApiProperty({ enum: [0, 1, 2, 3] })
  statusCode!: number;
  @ApiProperty()
  success!: boolean;
  @ApiPropertyOptional({ ...ANY_JSON })
  result?: unknown;
  @ApiPropertyOptional()
  size?: number;
}

/** An activation record (a listing without `docs=true` has `statusCode` instead of `response` and `logs`). */
export class ActivationDto {
  @ApiProperty()
  namespace!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty()
  version!: string;
  @ApiPropertyOptional()
  subject?: string;
  @ApiProperty()
  activationId!: string;
  @ApiProperty({ description: 'Epoch ms.' })
  start!: number;
  @ApiProperty({ description: 'Epoch ms (0 while running).' })
  end!: number;
  @ApiPropertyOptional({ type: Number, nullable: true, description: 'ms' })
  duration?: number | null;
  @ApiPropertyOptional({ type: ActivationResponseDto })
  response?: ActivationResponseDto;
  @ApiPropertyOptional({ enum: [0, 1, 2, 3], description: 'In listings without docs.' })
  statusCode?: number;
  @ApiPropertyOptional({ type: [String] })
  logs?: string[];
  @ApiProperty({ type: [KeyValueDto] })
  annotations!: KeyValueDto[];
  @ApiPropertyOptional()
  publish?: boolean;
  @ApiPropertyOptional({ description: 'The activation that caused this one (trigger, sequence).' })
  cause?: string;
}

/** `GET …/activations/{id}/logs`. */
export class ActivationLogsDto {
  @ApiProperty({ type: [String] })
  logs!: string[];
}
