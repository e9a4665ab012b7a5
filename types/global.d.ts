/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.jpg';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

/** CloudBase env id baked into weapp builds (config/index.ts). */
declare const CLOUD_ENV: string;
/** Local server base URL baked into H5 builds ('' = same origin). */
declare const API_BASE: string;
/** Subscribe-message template id of activity reminders baked into weapp builds ('' = none). */
declare const SUBSCRIBE_TEMPLATE: string;

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    TARO_ENV: 'weapp' | 'h5' | string;
    TARO_APP_ID: string;
  }
}
