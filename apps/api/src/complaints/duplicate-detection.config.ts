import { Module, type DynamicModule } from '@nestjs/common';
import type { DuplicateDetectionConfig } from '@redress/config';
import { DEFAULT_DUPLICATE_DETECTION, type DuplicateDetectionSettings } from '@redress/projections';

/** The duplicate detector's settings: the shipped ones with DUPLICATE_WINDOW_DAYS. */
export const DUPLICATE_DETECTION = Symbol('DUPLICATE_DETECTION');

@Module({})
export class DuplicateDetectionConfigModule {
  /** `config` absent (a configuration built without loadConfig): the shipped settings. */
  static forRoot(config: DuplicateDetectionConfig | undefined): DynamicModule {
    const settings: DuplicateDetectionSettings = { ...DEFAULT_DUPLICATE_DETECTION, ...config };
    return {
      module: DuplicateDetectionConfigModule,
      global: true,
      providers: [{ provide: DUPLICATE_DETECTION, useValue: settings }],
      exports: [DUPLICATE_DETECTION],
    };
  }
}
