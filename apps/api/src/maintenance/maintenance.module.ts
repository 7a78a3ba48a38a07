import { Module } from '@nestjs/common';
import { ActivationPartitionMaintainer } from './activation-partition.maintainer';
import { LeaseStore } from './lease.store';
import { MaintenanceService } from './maintenance.service';
import { RetentionJob } from './retention.job';

/** The maintenance job: retention of every growing table and activations partitions, on one controller at a time. */
@Module({ providers: [LeaseStore, ActivationPartitionMaintainer, RetentionJob, MaintenanceService], exports: [RetentionJob, MaintenanceService] })
export class MaintenanceModule {}
