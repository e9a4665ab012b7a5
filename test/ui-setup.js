/**
 * Setup of the jest `ui` project: render Taro components (`@tarojs/components/lib/react`) and
 * NutUI React Taro components in jsdom, as an H5 build would.
 */
process.env.TARO_ENV = 'h5';
process.env.TARO_PLATFORM = 'web';

// Load Taro first: the runtime and the API have an import cycle that only resolves in this order.
require('@tarojs/taro');

const React = require('react');
const ReactDOM = require('react-dom');
const { createH5NativeComponentConfig } = require('@tarojs/plugin-framework-react/dist/runtime');

// Hands React to the Taro runtime (the reconciler behind page hooks such as useDidShow).
createH5NativeComponentConfig(null, React, ReactDOM);

// Defines the constants that config/index.ts bakes into builds.
global.CLOUD_ENV = '';
global.API_BASE = '';
