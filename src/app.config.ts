/** Pages: the main package holds only home, me and login; each feature area is a subpackage. */
export default defineAppConfig({
  pages: ['pages/index/index', 'pages/me/index', 'pages/login/index'],
  subPackages: [
    {
      root: 'packages/join',
      pages: [
        'class/index',
        'link-child/index',
        'family-code/index',
        'consent/index',
        'privacy/index',
        'invite/index',
      ],
    },
    {
      root: 'packages/admin',
      pages: ['org/index', 'district/index', 'school/index', 'class/index', 'campaign/index'],
    },
    {
      root: 'packages/pledge',
      pages: [
        'sign/index',
        'certificate/index',
        'verify/index',
        'family/index',
        'ceremony/index',
        'screen/index',
        'class/index',
        'text/index',
      ],
    },
    {
      root: 'packages/card',
      pages: ['make/index', 'view/index', 'reply/index', 'wall/index', 'stats/index', 'review/index'],
    },
    {
      root: 'packages/overview',
      pages: ['class/index', 'unit/index'],
    },
    {
      root: 'packages/quiz',
      pages: [
        'home/index',
        'take/index',
        'result/index',
        'certificate/index',
        'class/index',
        'ranking/index',
        'items/index',
        'edit/index',
        'bank/index',
        'question/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#d93a2b',
    navigationBarTitleText: '校园好网民',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f6f3ef',
  },
  tabBar: {
    color: '#6b625a',
    selectedColor: '#d93a2b',
    backgroundColor: '#ffffff',
    borderStyle: 'white',
    list: [
      { pagePath: 'pages/index/index', text: '活动' },
      { pagePath: 'pages/me/index', text: '我的' },
    ],
  },
  lazyCodeLoading: 'requiredComponents',
  __usePrivacyCheck__: true,
});
