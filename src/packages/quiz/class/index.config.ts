export default definePageConfig({ navigationBarTitleText: '本班答题情况', enablePullDownRefresh: true });
