import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { EntityBaseDto, EntityPathDto, EntityPutBaseDto, KeyValueDto } from './common.dto';

/** A package; `binding` is the bound package, `{}` for a plain package, or false in listings. */
export class PackageDto extends EntityBaseDto {
  @ApiProperty({ oneOf: [{ type: 'boolean' }, { $ref: '#/components/schemas/EntityPathDto' }, { type: 'object' }] })
  binding!: unknown;
  @ApiPropertyOptional({ type: [KeyValueDto] })
  parameters?: KeyValueDto[];
}

/** Body of `PUT …/packages/{name}`. */
export class PackagePutDto extends EntityPutBaseDto {
  @ApiPropertyOptional({ type: EntityPathDto, description: 'Makes it a binding of that package.' })
  binding?: EntityPathDto;
}

/** A rule of a trigger, as the trigger lists it. */
export class TriggerRuleDto {
  @ApiProperty({ type: EntityPathDto })
  action!: EntityPathDto;
  @ApiProperty({ enum: ['active', 'inactive'] })
  status!: string;
}

/** A trigger; GET adds its rules by fully qualified name. */
export class TriggerDto extends EntityBaseDto {
  @ApiPropertyOptional({ type: [KeyValueDto] })
  parameters?: KeyValueDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  limits?: Record<string, unknown>;
  @ApiPropertyOptional({ type: 'object', additionalProperties: { $ref: '#/components/schemas/TriggerRuleDto' } })
  rules?: Record<string, TriggerRuleDto>;
}

/** Body of `PUT …/triggers/{name}`. */
export class TriggerPutDto extends EntityPutBaseDto {}

/** A rule: a trigger and the action it starts. */
export class RuleDto extends EntityBaseDto {
  @ApiProperty({ type: EntityPathDto })
  trigger!: EntityPathDto;
  @ApiProperty({ type: EntityPathDto })
  action!: EntityPathDto;
  @ApiPropertyOptional({ enum: ['active', 'inactive'] })
  status?: string;
}

/** Body of `PUT …/rules/{name}`. */
export class RulePutDto extends EntityPutBaseDto {
  @ApiPropertyOptional({ example: '/_/mytrigger', description: 'Required when creating.' })
  trigger?: string;
  @ApiPropertyOptional({ example: '/_/myaction', description: 'Required when creating.' })
  action?: string;
}

/** Body of `POST …/rules/{name}`: enable or disable. */
export class RuleStatusDto {
  @ApiProperty({ enum: ['active', 'inactive'] })
  status!: string;
}

