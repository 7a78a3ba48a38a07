import { Global, Module } from '@nestjs/common';
import { ActivationKeys } from './activation-keys.service';
import { AuthGuard } from './auth.guard';
import { SubjectService } from './subject.service';

/** Keys (namespace keys and activation keys), identities and the Basic-auth guard. */
@Global()
@Module({ providers: [SubjectService, AuthGuard, ActivationKeys], exports: [SubjectService, AuthGuard, ActivationKeys] })
export class AuthModule {}
