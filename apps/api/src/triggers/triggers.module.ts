import { Module } from '@nestjs/common';
import { TriggersController } from './triggers.controller';
import { TriggersService } from './triggers.service';

/** Triggers: CRUD, plus {@link TriggersService.findActiveRules} for whoever fires them. */
@Module({ controllers: [TriggersController], providers: [TriggersService], exports: [TriggersService] })
export class TriggersModule {}
