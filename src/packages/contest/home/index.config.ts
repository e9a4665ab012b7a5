export default definePageConfig({ navigationBarTitleText: '作品征集' });
