import { ComplaintCommandService } from '@redress/application';
import type { Persistence } from '@redress/config';
import { PersonalDataVault, SqlCustomerKeyStore } from '@redress/privacy';

/**
 * The complaint command service as the API builds it (apps/api: ComplaintsModule
 * and PrivacyModule): over the configured event store, sealing a receipt's
 * personal data with the customer's key from the read-model database, so a
 * command is handled alike whichever door it came in.
 */
export async function complaintCommandService(persistence: Persistence): Promise<ComplaintCommandService> {
  const vault = new PersonalDataVault(await SqlCustomerKeyStore.open(persistence.readModels));
  return new ComplaintCommandService(persistence.eventStore, undefined, vault);
}
