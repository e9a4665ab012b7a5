export default definePageConfig({ navigationBarTitleText: '文明上网 宣誓承诺' });
