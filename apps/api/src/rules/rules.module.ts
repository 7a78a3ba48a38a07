import { Module } from '@nestjs/common';
import { RulesController } from './rules.controller';
import { RulesService } from './rules.service';

/** Rules: links from a trigger to an action, with their active/inactive status. */
@Module({ controllers: [RulesController], providers: [RulesService] })
export class RulesModule {}
