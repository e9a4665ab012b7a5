export default definePageConfig({ navigationBarTitleText: '编辑倡议书' });
