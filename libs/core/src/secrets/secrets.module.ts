import { Global, Module } from '@nestjs/common';
import { WISP_CONFIG } from '../config/config.module';
import type { WispConfig } from '../config/wisp-config';
import { SecretBox } from './secret-box';
import { SecretKeyring } from './secret-keyring';

/** The server's {@link SecretBox} over the keys of `config` (the key file is generated, mode 0600, when missing). */
export function secretBoxOf(config: Pick<WispConfig, 'secrets'>): SecretBox {
  return new SecretBox(new SecretKeyring({ keys: config.secrets.keys, file: config.secrets.keyFile }));
}

/** Provides the {@link SecretBox} that seals feed secrets at rest; boot fails here when the keys cannot be read. */
@Global()
@Module({
  providers: [{ provide: SecretBox, inject: [WISP_CONFIG], useFactory: (config: WispConfig) => secretBoxOf(config) }],
  exports: [SecretBox],
})
export class SecretsModule {}
