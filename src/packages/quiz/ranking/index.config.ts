export default definePageConfig({ navigationBarTitleText: '竞赛排名', enablePullDownRefresh: true });
