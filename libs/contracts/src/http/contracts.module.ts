import { Module, type DynamicModule } from '@nestjs/common';
import { CONTRACTS_OPTIONS, ContractsController, type ContractsOptions } from './contracts.controller';

/** Serves GET /schemas, GET /schemas/:type/:version and GET /asyncapi. */
@Module({})
export class ContractsModule {
  static forRoot(options: ContractsOptions): DynamicModule {
    return {
      module: ContractsModule,
      controllers: [ContractsController],
      providers: [{ provide: CONTRACTS_OPTIONS, useValue: options }],
    };
  }
}
