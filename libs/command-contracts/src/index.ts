/**
 * The complaint commands as callers send them: DTO classes with their
 * validation rules, the table of lifecycle command routes, and the body
 * validator. HTTP and the Kafka command topic share them, so a command is
 * judged the same way whichever door it comes through.
 */
export * from './complaint-command.dtos';
export * from './complaint-command-routes';
export * from './complaint-merge.dtos';
export * from './field-decorators';
export * from './request-validation';
export * from './command-error-answer';
