import type { ComplaintState } from '@redress/domain';
import type { PersonalDataVault, PersonalDataView } from '@redress/privacy';

/** A complaint's state as readers get it: the customer's sealed personal data opened, or marked erased. */
export type ComplaintStateForReaders = Omit<ComplaintState, 'customer'> & {
  customer: (Omit<NonNullable<ComplaintState['customer']>, 'personalData'> & { personal?: PersonalDataView }) | null;
};

export async function withOpenedPersonalData(
  state: ComplaintState,
  vault: PersonalDataVault,
): Promise<ComplaintStateForReaders> {
  if (!state.customer?.personalData) return state;
  const { personalData, ...customer } = state.customer;
  return { ...state, customer: { ...customer, personal: await vault.open(customer.id, personalData) } };
}
