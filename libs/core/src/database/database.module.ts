import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { WISP_CONFIG } from '../config/config.module';
import type { WispConfig } from '../config/wisp-config';
import { createDataSource } from './data-source';

/** Provides the initialised TypeORM {@link DataSource}; migrations must already have run (`npm run migrate`). */
@Global()
@Module({
  providers: [
    {
      provide: DataSource,
      inject: [WISP_CONFIG],
      useFactory: async (config: WispConfig) => createDataSource(config.databaseUrl, 10, config.outage).initialize(),
    },
  ],
  exports: [DataSource],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(DataSource) private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
