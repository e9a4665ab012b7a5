export default definePageConfig({ navigationBarTitleText: '班级参与情况', enablePullDownRefresh: true });
