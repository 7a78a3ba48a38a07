import { ApiProperty, type ApiPropertyOptions, ApiPropertyOptional } from '@nestjs/swagger';

/** Any JSON value (parameters, results, annotation values): OpenAPI 3.0 has no `any`, so every JSON type is listed. */
export const ANY_JSON: ApiPropertyOptions = {
  oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }, { type: 'object' }, { type: 'array', items: {} }],
  nullable: true,
};

/** OpenWhisk's error body: the text, and the request id to quote in a report. */
export class ErrorDto {
  @ApiProperty({ example: 'The requested resource does not exist.' })
  error!: string;
  @ApiProperty({ description: 'The request id (X-Request-ID) of the failed request.' })
  code!: string;
}

/** One `{key, value}` of parameters or annotations. */
export class KeyValueDto {
  @ApiProperty()
  key!: string;
  @ApiProperty({ ...ANY_JSON, description: 'Any JSON value.' })
  value!: unknown;
}

/** An accepted activation (202, a non-blocking invoke, a fire). */
export class ActivationIdDto {
  @ApiProperty({ example: 'ecb5b6a58d0e4d90bca717aeba45d1a2' })
  activationId!: string;
}

/** A reference to an entity: its namespace path and name. */
export class EntityPathDto {
  @ApiProperty({ example: 'guest' })
  path!: string;
  @ApiProperty()
  name!: string;
}

/** Fields every stored entity answers with. */
export class EntityBaseDto {
  @ApiProperty({ example: 'guest' })
  namespace!: string;
  @ApiProperty()
  name!: string;
  @ApiProperty({ example: '0.0.1' })
  version!: string;
  @ApiProperty()
  publish!: boolean;
  @ApiProperty({ type: [KeyValueDto] })
  annotations!: KeyValueDto[];
  @ApiPropertyOptional({ description: 'Epoch ms of the last update.' })
  updated?: number;
}

/** Fields an entity PUT body may carry beside its own. */
export class EntityPutBaseDto {
  @ApiPropertyOptional({ example: '0.0.1' })
  version?: string;
  @ApiPropertyOptional()
  publish?: boolean;
  @ApiPropertyOptional({ type: [KeyValueDto] })
  annotations?: KeyValueDto[];
  @ApiPropertyOptional({ type: [KeyValueDto] })
  parameters?: KeyValueDto[];
}
