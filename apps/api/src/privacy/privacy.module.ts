import { Global, Module } from '@nestjs/common';
import type { SqlClient } from '@redress/event-store';
import { PersonalDataVault, SqlCustomerKeyStore } from '@redress/privacy';
import { READ_MODEL_DB } from '../persistence.module';
import { CustomerErasureController } from './customer-erasure.controller';

/**
 * Customers' personal data: the vault that seals it at intake and opens it
 * for readers, with the per-customer keys in the read-model database, and
 * the erasure route that destroys a customer's keys (crypto-shredding).
 */
@Global()
@Module({
  controllers: [CustomerErasureController],
  providers: [
    {
      provide: PersonalDataVault,
      useFactory: async (db: SqlClient) => new PersonalDataVault(await SqlCustomerKeyStore.open(db)),
      inject: [READ_MODEL_DB],
    },
  ],
  exports: [PersonalDataVault],
})
export class PrivacyModule {}
