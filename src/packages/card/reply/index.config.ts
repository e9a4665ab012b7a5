export default definePageConfig({ navigationBarTitleText: '写一句' });
