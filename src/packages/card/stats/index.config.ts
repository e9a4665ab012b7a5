export default definePageConfig({ navigationBarTitleText: '卡片统计' });
