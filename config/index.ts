import { defineConfig, type UserConfigExport } from '@tarojs/cli';
import devConfig from './dev';
import prodConfig from './prod';

/** Taro build config: one app for weapp (dist/) and h5 (dist-h5/); TARO_OUTPUT overrides the folder. */
export default defineConfig<'webpack5'>(async (merge) => {
  const isH5 = process.env.TARO_ENV === 'h5';
  const baseConfig: UserConfigExport<'webpack5'> = {
    projectName: 'campus-good-netizen',
    date: '2026-11-25',
    // NutUI is drawn for a 375 px design; our own styles use 750.
    designWidth(input) {
      const file = typeof input === 'object' && input ? (input as { file?: string }).file : undefined;
      if (file?.replace(/\\+/g, '/').includes('@nutui')) return 375;
      return 750;
    },
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    outputRoot: process.env.TARO_OUTPUT || (isH5 ? 'dist-h5' : 'dist'),
    plugins: [],
    defineConstants: {
      // CloudBase environment id for weapp builds (empty: wx.cloud picks the default env).
      CLOUD_ENV: JSON.stringify(process.env.TARO_APP_CLOUD_ENV ?? ''),
      // Base URL of the local server for H5 builds (empty: same origin).
      API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? ''),
      // Subscribe-message template id of activity reminders (weapp; empty: the app does not ask to subscribe).
      SUBSCRIBE_TEMPLATE: JSON.stringify(process.env.TARO_APP_SUBSCRIBE_TEMPLATE ?? ''),
    },
    alias: {
      '@': require('path').resolve(__dirname, '..', 'src'),
    },
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: { type: 'webpack5', prebundle: { enable: false } },
    cache: { enable: false },
    mini: {
      // Pure helpers of the domain core (masking, class names) are shared with the app.
      compile: { include: [require('path').resolve(__dirname, '..', 'core')] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
      optimizeMainPackage: { enable: true },
    },
    h5: {
      compile: { include: [require('path').resolve(__dirname, '..', 'core')] },
      publicPath: '/',
      staticDirectory: 'static',
      router: { mode: 'hash' },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: {
          enable: false,
          config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' },
        },
      },
    },
  };
  if (process.env.NODE_ENV === 'development') return merge({}, baseConfig, devConfig);
  return merge({}, baseConfig, prodConfig);
});
