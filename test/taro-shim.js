/**
 * `@tarojs/taro` for jest (ui project): the H5 implementation of the Taro API (`@tarojs/taro-h5`)
 * plus the page-lifecycle hooks (`useDidShow`, `useShareAppMessage`, …) that the React framework plugin
 * provides at build time. Mapped in jest.config.js; test/ui-setup.js wires React into the runtime.
 */
const h5 = require('@tarojs/taro-h5');
const runtime = require('@tarojs/plugin-framework-react/dist/runtime');

const hooks = {};
for (const [name, value] of Object.entries(runtime)) {
  if (/^use[A-Z]/.test(name) && typeof value === 'function') hooks[name] = value;
}

const Taro = h5.default || h5;
Object.assign(Taro, hooks);

module.exports = { ...h5, ...hooks, default: Taro, __esModule: true };
