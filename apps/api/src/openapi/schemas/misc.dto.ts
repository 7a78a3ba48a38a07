import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ANY_JSON } from './common.dto';

/** `GET /api/v1`. */
export class ApiInfoDto {
  @ApiProperty()
  description!: string;
  @ApiProperty({ example: '1.0.0' })
  api_version!: string;
  @ApiProperty({ example: 'v1' })
  api_version_path!: string;
  @ApiProperty()
  build!: string;
  @ApiProperty()
  buildno!: string;
  @ApiProperty({ type: 'object', properties: { ui: { type: 'string' }, 'api-docs': { type: 'string' } }, required: ['ui', 'api-docs'] })
  swagger_paths!: { ui: string; 'api-docs': string };
}

/** `GET …/limits`: the namespace's effective limits. */
export class NamespaceLimitsDto {
  @ApiProperty()
  invocationsPerMinute!: number;
  @ApiProperty()
  concurrentInvocations!: number;
  @ApiProperty()
  firesPerMinute!: number;
  @ApiPropertyOptional()
  feeds?: number;
  @ApiPropertyOptional()
  feedConnections?: number;
}

/** An event a rule could not deliver after its retries. */
export class DeadLetterDto {
  @ApiProperty({ format: 'uuid' })
  id!: string;
  @ApiProperty()
  namespace!: string;
  @ApiPropertyOptional({ ...ANY_JSON })
  payload?: unknown;
}


/** One parameter's documentation in the catalog. */
export class ParameterDocDto {
  @ApiProperty()
  name!: string;
  @ApiProperty()
  description!: string;
  @ApiPropertyOptional()
  required?: boolean;
  @ApiPropertyOptional({ description: 'Informal type for people and UIs: string, integer, date, object, …' })
  type?: string;
  @ApiPropertyOptional({ ...ANY_JSON, description: 'Value bound when installed.' })
  default?: unknown;
}

/** A catalog package with its actions and feeds. */
export class CatalogEntryDto {
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: '/whisk.system/alarms' })
  path!: string;
  @ApiProperty()
  version!: string;
  @ApiProperty()
  description!: string;
  @ApiProperty({ type: [ParameterDocDto] })
  parameters!: ParameterDocDto[];
  @ApiProperty({ type: 'array', items: { type: 'object', required: ['name', 'path'], properties: { name: { type: 'string' }, path: { type: 'string' }, description: { type: 'string' } } } })
  actions!: unknown[];
  @ApiProperty({ type: 'array', items: { type: 'object', required: ['name', 'path', 'provider'], properties: { name: { type: 'string' }, path: { type: 'string' }, provider: { type: 'string' } } } })
  feeds!: unknown[];
}

/** `GET /api/v1/catalog`. */
export class CatalogDto {
  @ApiProperty({ type: [CatalogEntryDto] })
  packages!: CatalogEntryDto[];
}
