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

/*
 * Page shows. In jsdom no page instance exists, so the real useDidShow never fires. A test that needs the
 * page lifecycle calls `emulatePageShows()` (test/pageShows.ts): from then on each useDidShow callback
 * fires once right after the component mounts — as Taro fires componentDidShow on a page's first show —
 * and `showPage()` fires every mounted one again, as when the user comes back to the page.
 */
const React = require('react');
const realDidShow = hooks.useDidShow;
const showing = new Set();
const pageShows = { on: false };
hooks.useDidShow = function useDidShow(fn) {
  const ref = React.useRef(fn);
  ref.current = fn;
  React.useEffect(() => {
    if (!pageShows.on) return undefined;
    const cb = () => ref.current();
    showing.add(cb);
    cb();
    return () => {
      showing.delete(cb);
    };
  }, []);
  return realDidShow(fn);
};
const testing = {
  emulatePageShows(on = true) {
    pageShows.on = on;
  },
  showPage() {
    for (const cb of [...showing]) cb();
  },
};

const Taro = h5.default || h5;
Object.assign(Taro, hooks);

module.exports = { ...h5, ...hooks, default: Taro, __esModule: true, __pageShows: testing };
