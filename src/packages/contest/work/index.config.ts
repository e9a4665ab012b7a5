export default definePageConfig({
  navigationBarTitleText: '作品',
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
