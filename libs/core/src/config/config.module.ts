import { Global, Module } from '@nestjs/common';
import { loadConfig } from './wisp-config';

/** DI token for the validated {@link WispConfig}. */
export const WISP_CONFIG = Symbol('WISP_CONFIG');

/** Provides the validated configuration to every module; boot fails here on invalid values. */
@Global()
@Module({
  providers: [{ provide: WISP_CONFIG, useFactory: () => loadConfig() }],
  exports: [WISP_CONFIG],
})
export class ConfigModule {}
