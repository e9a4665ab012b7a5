export default definePageConfig({ navigationBarTitleText: '班级签名情况' });
