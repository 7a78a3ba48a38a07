export * from './manifest';
export * from './catalog-loader';
export * from './catalog-installer';
export * from './catalog-view';
