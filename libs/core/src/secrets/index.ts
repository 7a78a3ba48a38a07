export * from './secret-keyring';
export * from './secret-box';
export * from './secret-redaction';
export * from './secrets.module';
