export default definePageConfig({ navigationBarTitleText: '验证承诺证书' });
