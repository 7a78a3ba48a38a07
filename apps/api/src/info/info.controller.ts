import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ApiInfoDto } from '../openapi/schemas/misc.dto';
import { RUNTIME_MANIFEST, SystemLimits, WISP_CONFIG, type WispConfig } from '@wisp/core';

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
      runtimes: this.runtimes(),
    };
  }

  /** OpenWhisk's `runtimes` map (family → kinds with image, default, requireMain), from the runtimes manifest. */
  private runtimes(): Record<string, unknown[]> {
    const out: Record<string, unknown[]> = {};
    for (const r of RUNTIME_MANIFEST.runtimes) {
      // The nodejs:20 image is the one operators may retag (WISP_RUNTIME_IMAGE).
      const image = r.kind === 'nodejs:20' ? this.config.runtimeImage : r.image;
      const entry = { kind: r.kind, image, deprecated: r.deprecated, default: r.default, attached: true, requireMain: r.requireMain };
      (out[r.family] ??= []).push(entry);
    }
    return out;
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
