export default definePageConfig({ navigationBarTitleText: '作品评审' });
