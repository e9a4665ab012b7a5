export default definePageConfig({ navigationBarTitleText: '文明上网 从我家做起' });
