import { Input, Text, View } from '@tarojs/components';
import Taro, { useRouter } from '@tarojs/taro';
import { useState } from 'react';
import { call, type OutputOf } from '../../../api/client';
import { Button } from '../../../ui';
import { showError, toastOk, withLoading } from '../../../utils/feedback';
import { ROLE_LABEL } from '../../../utils/roles';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { JOIN_PAGES, tidyCode } from '../shared';
import '../join.scss';

type DescribedRole = OutputOf<'identity', 'me'>['roles'][number];

/** Roles an invite can give. */
const INVITE_ROLES = ['district_admin', 'school_admin', 'teacher', 'judge'];

/** Teachers and admins redeem the 8-character invite code they were given (`?code=` pre-fills it). */
export default function Invite() {
  useLoginGuard();
  const router = useRouter();
  const [code, setCode] = useState(tidyCode(router.params.code ?? ''));
  const [granted, setGranted] = useState<DescribedRole | null>(null);

  const redeem = async () => {
    const c = tidyCode(code);
    if (c.length < 4) {
      showError(new Error('请输入管理员发给您的 8 位邀请码'));
      return;
    }
    const res = await withLoading('正在验证', async () => {
      await call('identity', 'redeemInvite', { code: c });
      const me = await call('identity', 'me', {});
      return [...me.roles].reverse().find((r) => INVITE_ROLES.includes(r.role)) ?? null;
    });
    if (res) {
      toastOk('邀请码有效');
      setGranted(res);
    }
  };

  if (granted) {
    const where = [granted.districtName, granted.schoolName].filter(Boolean).join(' · ');
    const isTeacher = granted.role === 'teacher';
    const isJudge = granted.role === 'judge';
    return (
      <View className="page">
        <View className="card">
          <View className="join-done">
            <Text className="join-done-icon">✓</Text>
            <Text
              className="join-done-title"
              id="invite-granted"
            >{`您现在是${ROLE_LABEL[granted.role]}`}</Text>
            {where && <Text className="muted">{where}</Text>}
          </View>
          <Text className="join-lead">
            {isJudge
              ? '下一步：市教育局把您加入评审组并分配作品后，在「作品征集」的「我的评审任务」里匿名评分。'
              : isTeacher
                ? '下一步：在「我的班级」里查看班级码，发给学生；学生加入后请您确认。'
                : '下一步：在「组织管理」里建立学校、班级，或邀请下一级管理员和老师。'}
          </Text>
          <View className="join-actions">
            <Button
              id="invite-next"
              type="primary"
              block
              size="large"
              onClick={() =>
                Taro.redirectTo({
                  url: isJudge
                    ? '/packages/contest/judge/index'
                    : isTeacher
                      ? '/packages/admin/org/index?tab=classes'
                      : '/packages/admin/org/index',
                })
              }
            >
              {isJudge ? '去我的评审任务' : isTeacher ? '去我的班级' : '去组织管理'}
            </Button>
            <Button block onClick={() => Taro.switchTab({ url: '/pages/index/index' })}>
              回到首页
            </Button>
          </View>
        </View>
      </View>
    );
  }

  return (
    <View className="page">
      <View className="card">
        <View className="card-title">使用邀请码</View>
        <Text className="join-lead">老师和管理员：输入上级管理员发给您的 8 位邀请码（不分大小写）。</Text>
        <Input
          id="invite-code"
          className="input join-input-big"
          value={code}
          maxlength={16}
          placeholder="邀请码"
          onInput={(e) => setCode(e.detail.value.toUpperCase())}
          onConfirm={redeem}
        />
        <View className="join-actions">
          <Button id="invite-redeem" type="primary" block size="large" onClick={redeem}>
            确认
          </Button>
        </View>
        <View className="gap" />
        <Text className="muted">没有邀请码？学生和家长请点这里：</Text>
        <Text className="join-link" onClick={() => Taro.redirectTo({ url: JOIN_PAGES.class })}>
          我是学生，用班级码加入班级
        </Text>
        <Text className="join-link" onClick={() => Taro.redirectTo({ url: JOIN_PAGES.linkChild })}>
          我是家长，用家庭码关联孩子
        </Text>
      </View>
    </View>
  );
}
