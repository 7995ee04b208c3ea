export * from './personal-data';
export * from './customer-key-store';
export { SqlCustomerKeyStore } from './sql-customer-key-store';
export { PersonalDataVault, PersonalDataTamperedError } from './personal-data-vault';
