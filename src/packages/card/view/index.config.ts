export default definePageConfig({
  navigationBarTitleText: '家庭卡片',
  enableShareAppMessage: true,
  enableShareTimeline: true,
});
