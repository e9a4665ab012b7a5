export default definePageConfig({ navigationBarTitleText: '评委与分配' });
