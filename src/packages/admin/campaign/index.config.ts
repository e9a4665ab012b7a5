export default definePageConfig({ navigationBarTitleText: '活动设置' });
