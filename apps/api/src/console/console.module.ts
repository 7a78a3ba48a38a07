import { Module } from '@nestjs/common';
import { ConsoleController } from './console.controller';
import { ConsoleAssetsService } from './console-assets.service';

/** Serves the web console (`apps/console`, built into `dist/console`) at `/console`. */
@Module({ controllers: [ConsoleController], providers: [ConsoleAssetsService] })
export class ConsoleModule {}
