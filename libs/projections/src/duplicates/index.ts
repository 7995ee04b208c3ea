export * from './text-similarity';
export * from './duplicate-detector';
export * from './duplicate-detection.projection';
export * from './duplicate-candidates.queries';
