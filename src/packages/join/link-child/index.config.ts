export default definePageConfig({ navigationBarTitleText: '关联孩子' });
