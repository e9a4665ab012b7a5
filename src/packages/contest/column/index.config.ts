export default definePageConfig({
  navigationBarTitleText: '专栏',
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
