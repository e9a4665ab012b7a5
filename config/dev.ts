import type { UserConfigExport } from '@tarojs/cli';

/** Development overrides (no minification). */
export default {
  logger: { quiet: false, stats: true },
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
