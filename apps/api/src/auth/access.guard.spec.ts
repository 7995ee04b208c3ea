import { Controller, Get, Global, Module } from '@nestjs/common';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { ApiKeys } from '@redress/access';
import { EVENT_STORE, openEmbeddedDatabase, type EmbeddedDatabase } from '@redress/event-store';
import { ApiExceptionFilter } from '../http/api-exception.filter';
import { READ_MODEL_DB } from '../persistence.module';
import { AuthModule } from './auth.module';
import { PublicRoute, RequireCapability } from './route-access';

/** Routes of every kind of rule, and one with none: what a controller added without access rules gets. */
@Controller('probe')
class ProbeController {
  @Get('open')
  @PublicRoute('a test of public routes')
  open() {
    return { ok: true };
  }

  @Get('reports')
  @RequireCapability('reports.read')
  reports() {
    return { ok: true };
  }

  @Get('unruled')
  unruled() {
    return { ok: true };
  }
}

describe('access guard', () => {
  let db: EmbeddedDatabase;
  let app: NestFastifyApplication;
  let keys: ApiKeys;

  beforeAll(async () => {
    db = await openEmbeddedDatabase(null);
    @Global()
    @Module({
      providers: [
        { provide: EVENT_STORE, useValue: db.eventStore },
        { provide: READ_MODEL_DB, useValue: db.sql },
      ],
      exports: [EVENT_STORE, READ_MODEL_DB],
    })
    class InMemoryPersistence {}
    @Module({ controllers: [ProbeController] })
    class ProbeModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        InMemoryPersistence,
        ProbeModule,
        AuthModule.forRoot({ config: { firstStartAdminKey: false, apiKeyCacheSeconds: 5, jwt: null }, port: 0, showNotice: () => undefined }),
      ],
    }).compile();
    app = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    app.useGlobalFilters(new ApiExceptionFilter());
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    keys = app.get(ApiKeys);
  });
  afterAll(async () => {
    await app.close();
    await db.eventStore.close();
  });

  const call = async (url: string, role?: 'admin' | 'supervisor' | 'service') => {
    const headers = role
      ? { 'x-api-key': (await keys.issue({ role, department: role === 'supervisor' ? 'billing' : null })).key }
      : {};
    const response = await app.inject({ method: 'GET', url, headers });
    return { status: response.statusCode, body: response.json() };
  };

  it('lets anyone call a public route', async () => {
    expect((await call('/probe/open')).status).toBe(200);
  });

  it("applies a route's capability", async () => {
    expect((await call('/probe/reports')).status).toBe(401);
    expect((await call('/probe/reports', 'supervisor')).status).toBe(200);
    expect((await call('/probe/reports', 'service')).body).toMatchObject({
      statusCode: 403,
      message: 'forbidden: role service does not have reports.read',
    });
  });

  it('keeps a route without a rule to admins, so a new route is closed until someone decides', async () => {
    expect((await call('/probe/unruled', 'admin')).status).toBe(200);
    expect((await call('/probe/unruled', 'service')).body).toMatchObject({
      statusCode: 403,
      code: 'FORBIDDEN',
      message: 'forbidden: the route has no access rule yet; only an admin may use it',
    });
  });
});
