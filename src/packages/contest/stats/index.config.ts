export default definePageConfig({ navigationBarTitleText: '投稿统计' });
