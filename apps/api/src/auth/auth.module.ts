import { Global, Module } from '@nestjs/common';
import { AuthGuard } from './auth.guard';
import { SubjectService } from './subject.service';

/** Keys, identities and the Basic-auth guard. */
@Global()
@Module({ providers: [SubjectService, AuthGuard], exports: [SubjectService, AuthGuard] })
export class AuthModule {}
