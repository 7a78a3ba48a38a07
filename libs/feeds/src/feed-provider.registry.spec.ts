import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigModule } from '@wisp/core';
import { AlarmFeedProvider } from './alarms/alarm.feed-provider';
import { FeedProviderKind } from './feed-provider.decorator';
import { DuplicateFeedKindError, FeedProviderRegistry } from './feed-provider.registry';
import { FeedProvidersModule } from './feed-providers.module';

@FeedProviderKind('alarm')
class AnotherAlarm extends AlarmFeedProvider {}

@Module({ imports: [ConfigModule, FeedProvidersModule] })
class Fine {}

@Module({ imports: [ConfigModule, FeedProvidersModule], providers: [AnotherAlarm] })
class Clashing {}

describe('FeedProviderRegistry', () => {
  it('discovers decorated providers at boot', async () => {
    const app = await NestFactory.createApplicationContext(Fine, { logger: false });
    expect(app.get(FeedProviderRegistry).kinds()).toEqual(['alarm', 'interval', 'once']);
    await app.close();
  });

  it('refuses a second provider of the same kind at boot', async () => {
    await expect(NestFactory.createApplicationContext(Clashing, { logger: false, abortOnError: false })).rejects.toThrow(DuplicateFeedKindError);
  });

  it('refuses a duplicate registered by hand', () => {
    const registry = new FeedProviderRegistry();
    registry.register(new AlarmFeedProvider());
    expect(() => registry.register(new AnotherAlarm())).toThrow(/two feed providers claim kind 'alarm'/);
  });
});
