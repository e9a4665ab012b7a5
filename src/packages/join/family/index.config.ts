export default definePageConfig({ navigationBarTitleText: '校园好网民' });
