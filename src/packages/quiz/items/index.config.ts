export default definePageConfig({ navigationBarTitleText: '题目分析' });
