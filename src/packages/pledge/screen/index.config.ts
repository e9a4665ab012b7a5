export default definePageConfig({ navigationBarTitleText: '升旗仪式 · 大屏', navigationStyle: 'custom' });
