export default definePageConfig({ navigationBarTitleText: '家庭关联' });
