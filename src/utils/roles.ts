/** Chinese names of roles as people say them. */
export const ROLE_LABEL: Record<string, string> = {
  city_admin: '市级管理员',
  district_admin: '县区管理员',
  school_admin: '学校管理员',
  teacher: '老师',
  student: '学生',
  parent: '家长',
  judge: '评委',
};
