export default definePageConfig({ navigationBarTitleText: '升旗仪式宣誓' });
