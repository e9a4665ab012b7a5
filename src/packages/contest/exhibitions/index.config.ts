export default definePageConfig({
  navigationBarTitleText: '作品展',
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
