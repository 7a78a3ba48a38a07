import { Global, Module } from '@nestjs/common';
import { AuditLog } from './audit-log';

/** The audit trail, global: every service that makes an audited change records through it. */
@Global()
@Module({ providers: [AuditLog], exports: [AuditLog] })
export class AuditModule {}
