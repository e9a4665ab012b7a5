export default definePageConfig({ navigationBarTitleText: '家庭主题卡片' });
