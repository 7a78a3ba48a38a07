import { DynamicModule, Module } from '@nestjs/common';
import { CONTAINER_FACTORY } from './container-factory';
import { DockerContainerFactory } from './docker.container-factory';

/** Container backends by name; Kubernetes would be another entry. */
const BACKENDS = { docker: DockerContainerFactory } as const;

/** Provides {@link CONTAINER_FACTORY} with the chosen backend. */
@Module({})
export class ContainersModule {
  static forRoot(options: { backend: keyof typeof BACKENDS }): DynamicModule {
    return {
      module: ContainersModule,
      providers: [{ provide: CONTAINER_FACTORY, useClass: BACKENDS[options.backend] }],
      exports: [CONTAINER_FACTORY],
    };
  }
}
