export default definePageConfig({ navigationBarTitleText: '管理征集活动' });
