export default definePageConfig({ navigationBarTitleText: '县区管理' });
