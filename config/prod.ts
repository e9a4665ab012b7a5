import { createRequire } from 'node:module';
import type { UserConfigExport } from '@tarojs/cli';
import type { Chunk, ChunkGraph, Compilation, Compiler, Module } from 'webpack';

/**
 * Pages of the main package (home, me, login), as the app entry imports them. Everything else is a
 * subpackage page (`./packages/...`).
 */
const MAIN_PAGE = /^\.\/pages\/[^/]+\/index$/;
/** The first screen: a visitor lands on home, which sends a newcomer to login. */
const FIRST_SCREEN = ['./pages/index/index', './pages/login/index'];

/** The page requests (import() in the app entry) that load this chunk. */
function pagesOf(chunk: Chunk): string[] {
  const out: string[] = [];
  for (const group of chunk.groupsIterable) for (const o of group.origins) if (o.request) out.push(o.request);
  return out;
}

/** Whether at least two main-package pages use the module (the components and API helpers every page needs). */
function sharedByMainPages(module: Module, chunkGraph: ChunkGraph): boolean {
  const pages = new Set<string>();
  for (const chunk of chunkGraph.getModuleChunksIterable(module)) {
    for (const p of pagesOf(chunk)) if (MAIN_PAGE.test(p)) pages.add(p);
  }
  return pages.size >= 2;
}

/**
 * Adds <link rel="preload"> to index.html for the chunks of the first screen (home, login and the shared
 * page chunk), so they download alongside app.js instead of after it has run.
 */
class PreloadFirstScreen {
  apply(compiler: Compiler) {
    // The html-webpack-plugin instance Taro's runner uses (hooks are per instance).
    const fromRunner = createRequire(createRequire(__filename).resolve('@tarojs/webpack5-runner'));
    const HtmlWebpackPlugin = fromRunner('html-webpack-plugin') as typeof import('html-webpack-plugin');
    compiler.hooks.compilation.tap('PreloadFirstScreen', (compilation: Compilation) => {
      HtmlWebpackPlugin.getHooks(compilation).alterAssetTagGroups.tap('PreloadFirstScreen', (data) => {
        const publicPath = String(compilation.outputOptions.publicPath ?? '/');
        const files = new Set<string>();
        for (const chunk of compilation.chunks) {
          if (chunk.canBeInitial() || !pagesOf(chunk).some((p) => FIRST_SCREEN.includes(p))) continue;
          for (const f of chunk.files) if (/\.(js|css)$/.test(f)) files.add(f);
        }
        const links = [...files].sort().map((f) => ({
          tagName: 'link',
          voidTag: true,
          meta: { plugin: 'PreloadFirstScreen' },
          attributes: { rel: 'preload', as: f.endsWith('.css') ? 'style' : 'script', href: publicPath + f },
        }));
        data.headTags.push(...links);
        return data;
      });
    });
  }
}

/** Production overrides (Taro minifies by default). */
export default {
  mini: {},
  h5: {
    webpackChain(chain) {
      // Taro splits only initial chunks, so each of the 28 lazily loaded pages carried its own copy of
      // @tarojs/components, the taro-h5 APIs, NutUI Button, the API client… (~90 KB of each page chunk).
      // What the main-package pages share goes into one `common` chunk, loaded once and cached.
      const split = chain.optimization.get('splitChunks') as { cacheGroups?: Record<string, unknown> };
      chain.optimization.splitChunks({
        ...split,
        cacheGroups: {
          ...split.cacheGroups,
          common: {
            name: 'common',
            chunks: 'async',
            minChunks: 2,
            priority: 1000,
            enforce: true,
            reuseExistingChunk: true,
            test: (module: Module, { chunkGraph }: { chunkGraph: ChunkGraph }) =>
              sharedByMainPages(module, chunkGraph),
          },
        },
      });
      chain.plugin('preload-first-screen').use(PreloadFirstScreen);
    },
  },
} satisfies UserConfigExport<'webpack5'>;
