import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiInfoDto } from '../openapi/schemas/misc.dto';
import { SystemLimits, WISP_CONFIG, type WispConfig } from '@wisp/core';
import { RUNTIMES } from '../common/runtimes';

/** Unauthenticated platform information, as OpenWhisk serves it. */
@Controller()
export class InfoController {
  constructor(@Inject(WISP_CONFIG) private readonly config: WispConfig) {}

  @Get()
  root() {
    return {
      description: 'OpenWhisk',
      support: { github: 'wisp', slack: '' },
      api_paths: ['/api/v1'],
      limits: {
        actions_per_minute: this.config.limits.invocationsPerMinute,
        triggers_per_minute: this.config.limits.firesPerMinute,
        concurrent_actions: this.config.limits.concurrentInvocations,
        sequence_length: SystemLimits.sequenceMaxLength,
        min_action_duration: SystemLimits.timeout.min,
        max_action_duration: SystemLimits.timeout.max,
        min_action_memory: SystemLimits.memory.min * 1024 * 1024,
        max_action_memory: SystemLimits.memory.max * 1024 * 1024,
        min_action_logs: SystemLimits.logs.min * 1024 * 1024,
        max_action_logs: SystemLimits.logs.max * 1024 * 1024,
      },
      runtimes: {
        nodejs: RUNTIMES.map((r) => ({ kind: r.kind, image: this.config.runtimeImage, deprecated: false, default: r.default, attached: true, requireMain: false })),
      },
    };
  }

  @Get('api/v1')
  @ApiTags('info')
  @ApiOkResponse({ type: ApiInfoDto })
  apiInfo() {
    return {
      description: 'OpenWhisk API',
      api_version: '1.0.0',
      api_version_path: 'v1',
      build: 'wisp',
      buildno: '0.1.0',
      swagger_paths: { ui: '/docs', 'api-docs': '/api-docs' }, // served under /api/v1 by setupOpenApi
    };
  }

  @Get('ping')
  @Header('Content-Type', 'text/plain')
  ping() {
    return 'pong';
  }
}
