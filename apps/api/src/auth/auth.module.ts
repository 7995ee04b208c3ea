import { Inject, Module, type DynamicModule, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ApiKeys, CachedApiKeyStore, JwtVerifier, SqlApiKeyStore } from '@redress/access';
import type { AuthConfig } from '@redress/config';
import { EVENT_STORE, type EventStore, type SqlClient } from '@redress/event-store';
import { READ_MODEL_DB } from '../persistence.module';
import { AccessGuard } from './access.guard';
import { ComplaintDepartments } from './complaint-departments';
import { Authenticator } from './credentials';
import { grantExternalRouteAccess } from './external-route-access';
import { issueFirstStartAdminKey } from './first-start-admin-key';

export interface AuthModuleOptions {
  config: AuthConfig;
  /** For the first-start notice's curl example. */
  port: number;
  /** Where the first-start notice goes (standard error unless given): not the log, which must never hold a key. */
  showNotice: (notice: string) => void;
}

const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');
/** Far more keys than a deployment issues, few enough that random key ids cannot exhaust memory. */
const API_KEY_CACHE_ENTRIES = 10_000;

/**
 * Authentication and authorisation for every route: API keys kept in the
 * read-model database, JWTs of the configured issuer, and the global access
 * guard that applies each route's rule.
 */
@Module({})
export class AuthModule implements OnApplicationBootstrap {
  constructor(
    @Inject(AUTH_OPTIONS) private readonly options: AuthModuleOptions,
    @Inject(ApiKeys) private readonly keys: ApiKeys,
  ) {}

  static forRoot(options: AuthModuleOptions): DynamicModule {
    grantExternalRouteAccess();
    return {
      module: AuthModule,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        {
          provide: ApiKeys,
          useFactory: async (sql: SqlClient) => {
            const cache = { ttlMs: options.config.apiKeyCacheSeconds * 1000, maxEntries: API_KEY_CACHE_ENTRIES };
            return new ApiKeys(new CachedApiKeyStore(await SqlApiKeyStore.open(sql), cache));
          },
          inject: [READ_MODEL_DB],
        },
        {
          provide: Authenticator,
          useFactory: (keys: ApiKeys) =>
            new Authenticator(keys, options.config.jwt ? new JwtVerifier(options.config.jwt) : null),
          inject: [ApiKeys],
        },
        {
          provide: ComplaintDepartments,
          useFactory: (store: EventStore) => new ComplaintDepartments(store),
          inject: [EVENT_STORE],
        },
        { provide: APP_GUARD, useClass: AccessGuard },
      ],
      exports: [ApiKeys],
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.config.firstStartAdminKey) {
      await issueFirstStartAdminKey(this.keys, this.options.port, this.options.showNotice);
    }
  }
}
