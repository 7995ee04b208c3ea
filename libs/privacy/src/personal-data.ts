import type { PersonalData } from '@redress/domain';

export type { PersonalData };

/** How a reader sees a customer's personal data: opened, or gone because the customer's key was erased. */
export type PersonalDataView = { erased: false; data: PersonalData } | { erased: true; erasedAt: string | null };

export const PERSONAL_DATA_FIELDS = ['name', 'phone', 'email', 'address'] as const;
