import type { UserConfigExport } from '@tarojs/cli';

/** Production overrides (Taro minifies by default). */
export default {
  mini: {},
  h5: {},
} satisfies UserConfigExport<'webpack5'>;
