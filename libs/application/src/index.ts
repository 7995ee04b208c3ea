export * from './complaint-stream';
export * from './errors';
export * from './complaint-history';
export * from './complaint-command.service';
export * from './complaint-query.service';
