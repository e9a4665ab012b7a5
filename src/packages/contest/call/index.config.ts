export default definePageConfig({
  navigationBarTitleText: '征集活动',
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
