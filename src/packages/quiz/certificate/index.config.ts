export default definePageConfig({ navigationBarTitleText: '竞赛证书' });
