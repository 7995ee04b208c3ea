export * from './app-config';
export * from './persistence';
export * from './tracing-config';
export * from './reporting-config';
export * from './auth-config';
export * from './duplicate-detection-config';
