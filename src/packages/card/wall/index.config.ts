export default definePageConfig({ navigationBarTitleText: '卡片墙' });
