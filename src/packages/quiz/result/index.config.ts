export default definePageConfig({ navigationBarTitleText: '我的成绩' });
