import { Image, Input, Text, Textarea, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { useState } from 'react';
import { call, needsLogin, uploadFile } from '../../../api/client';
import { StateView } from '../../../components/StateView';
import { UploadProgress, useUploadProgress } from '../../../components/UploadProgress';
import { Button } from '../../../ui';
import { showError, withLoading } from '../../../utils/feedback';
import { pickPhoto, type PickedPhoto } from '../../../utils/media';
import { useLoginGuard } from '../../../utils/useLoginGuard';
import { useShowRequest } from '../../../utils/useRequest';
import { graphemes } from '../../../../core/poster/layout';
import {
  NAMES_MAX,
  SLOGAN_MAX,
  SLOGAN_SUGGESTIONS,
  TEMPLATE_IDS,
  TEMPLATES,
  type TemplateId,
} from '../../../../core/poster/templates';
import { statusLabel, templateBackground } from '../shared';
import '../card.scss';

/** Make a family card: pick a template, write a slogan (suggestions offered), add names and a photo. */
export default function MakeCard() {
  useLoginGuard();
  const ctx = useShowRequest(async () => (needsLogin() ? null : call('card', 'context', {})));
  const [templateId, setTemplateId] = useState<TemplateId>('wenming');
  const [slogan, setSlogan] = useState('');
  const [names, setNames] = useState('');
  const [photo, setPhoto] = useState<PickedPhoto | null>(null);
  const [rosterId, setRosterId] = useState<string | null>(null);
  const upload = useUploadProgress();

  const data = ctx.data;
  const ready = data?.makers.filter((m) => m.ready) ?? [];
  const chosen = ready.find((m) => m.rosterId === rosterId) ?? ready[0];
  const count = graphemes(slogan.trim()).length;
  const nameList = names
    .split(/[\s,，、]+/)
    .map((n) => n.trim())
    .filter(Boolean);

  const submit = async () => {
    if (!chosen) return;
    if (count === 0) return showError(new Error('请先写一句口号或家庭承诺，也可以点下面的例句'));
    if (count > SLOGAN_MAX) return showError(new Error(`口号最多 ${SLOGAN_MAX} 个字，现在是 ${count} 个字`));
    if (nameList.length > NAMES_MAX) return showError(new Error(`最多写 ${NAMES_MAX} 位家庭成员`));
    const res = await withLoading('正在检查并生成…', async () => {
      let photoFileId: string | undefined;
      if (photo) {
        photoFileId = await uploadFile(photo.path, {
          purpose: 'cardPhoto',
          ext: photo.ext,
          onProgress: upload.track('照片', '正在检查并生成…'),
        });
        upload.done();
      }
      return call('card', 'create', {
        templateId,
        slogan: slogan.trim(),
        names: nameList,
        rosterId: chosen.rosterId,
        ...(photoFileId ? { photoFileId } : {}),
      });
    });
    upload.done();
    if (res) {
      setSlogan('');
      setNames('');
      setPhoto(null);
      await Taro.navigateTo({ url: `/packages/card/view/index?id=${res.cardId}&made=1` });
    }
  };

  const choosePhoto = async () => {
    try {
      const picked = await pickPhoto();
      if (picked) setPhoto(picked);
    } catch (err) {
      showError(err);
    }
  };

  return (
    <View className="page card-page">
      <StateView loading={ctx.loading && !data} error={ctx.error} onRetry={ctx.reload} />
      {data && (
        <View className="card">
          <View className="card-title">家庭主题卡片</View>
          <Text className="lead">
            和孩子一起选一个模板，写一句口号或家庭承诺，生成卡片后分享到微信群和朋友圈。卡片上的姓名会打码，内容经过检查后才会公开。
          </Text>
        </View>
      )}

      {data && data.makers.length === 0 && data.statsUnits.length === 0 && (
        <View className="card">
          <View className="card-title">先加入班级</View>
          <Text className="lead">
            学生先用班级码加入班级；家长用孩子的家庭码关联孩子，然后就可以制作卡片。
          </Text>
          <View className="big-actions">
            <Button
              type="primary"
              onClick={() => Taro.navigateTo({ url: '/packages/join/link-child/index' })}
            >
              我是家长，关联孩子
            </Button>
            <Button onClick={() => Taro.navigateTo({ url: '/packages/join/class/index' })}>
              我是学生，加入班级
            </Button>
          </View>
        </View>
      )}

      {data && data.makers.some((m) => !m.ready) && (
        <View className="card">
          {data.makers
            .filter((m) => !m.ready)
            .map((m) => (
              <Text key={m.rosterId} className="muted">
                {m.note}
              </Text>
            ))}
        </View>
      )}

      {data && chosen && (
        <View className="card make-form">
          <View className="card-title">第 1 步：选模板</View>
          <View className="templates">
            {TEMPLATE_IDS.map((id) => (
              <View
                key={id}
                id={`tpl-${id}`}
                className={`template ${templateId === id ? 'template-selected' : ''}`}
                style={{ background: templateBackground(id) }}
                onClick={() => setTemplateId(id)}
              >
                <View>
                  <View className="template-line">{TEMPLATES[id].headline[0]}</View>
                  <View className="template-line">{TEMPLATES[id].headline[1]}</View>
                </View>
                <Text className="template-name">{templateId === id ? '✓ 已选' : TEMPLATES[id].name}</Text>
              </View>
            ))}
          </View>

          <View className="gap" />
          <View className="card-title">第 2 步：写一句口号或家庭承诺</View>
          <Textarea
            id="slogan"
            className="textarea"
            value={slogan}
            maxlength={-1}
            placeholder="例如：文明上网，从我家做起！"
            onInput={(e) => setSlogan(e.detail.value)}
          />
          <View
            className={`counter ${count > SLOGAN_MAX ? 'counter-over' : ''}`}
          >{`${count}/${SLOGAN_MAX}`}</View>
          <Text className="muted">没想好？点一句用起来，再改成自己的话：</Text>
          <View className="chips">
            {SLOGAN_SUGGESTIONS.map((s) => (
              <Text key={s} className="chip" onClick={() => setSlogan(s)}>
                {s}
              </Text>
            ))}
          </View>

          <View className="gap" />
          <View className="card-title">第 3 步：家人和照片（可不填）</View>
          {ready.length > 1 && (
            <View className="field">
              <View className="field-label">为哪个孩子制作</View>
              <View className="chips">
                {ready.map((m) => (
                  <Text
                    key={m.rosterId}
                    className={`chip ${chosen.rosterId === m.rosterId ? 'template-selected' : ''}`}
                    onClick={() => setRosterId(m.rosterId)}
                  >
                    {m.childName}
                  </Text>
                ))}
              </View>
            </View>
          )}
          <View className="field">
            <View className="field-label">家庭成员的名字，用空格隔开（卡片上会打码，如 王*雨）</View>
            <Input
              id="names"
              className="input"
              value={names}
              placeholder="例如：王小雨 王大明"
              onInput={(e) => setNames(e.detail.value)}
            />
          </View>
          <View className="field">
            <View className="field-label">全家福照片：老师看过后才会公开</View>
            {photo ? (
              <View>
                <Image className="photo-preview" src={photo.path} mode="aspectFill" />
                <View className="row">
                  <Button size="small" onClick={choosePhoto}>
                    换一张
                  </Button>
                  <Button size="small" onClick={() => setPhoto(null)}>
                    不放照片
                  </Button>
                </View>
              </View>
            ) : (
              <Button onClick={choosePhoto}>选择一张照片</Button>
            )}
          </View>
          <Text className="muted">{`学校：${chosen.schoolName} ${chosen.className}`}</Text>
          <UploadProgress progress={upload.progress} id="make-upload-progress" />
          <View className="big-actions">
            <Button id="make-submit" type="primary" size="large" block onClick={submit}>
              生成卡片
            </Button>
          </View>
        </View>
      )}

      {data && data.cards.length > 0 && (
        <View className="card">
          <View className="card-title">我家的卡片</View>
          {data.cards.map((c) => {
            const st = statusLabel(c.status);
            return (
              <View
                key={c.cardId}
                className="list-item"
                onClick={() => Taro.navigateTo({ url: `/packages/card/view/index?id=${c.cardId}` })}
              >
                <View className="row">
                  <Text className="tag">{TEMPLATES[c.templateId as TemplateId]?.name ?? ''}</Text>
                  <Text className={st.className}>{st.text}</Text>
                </View>
                <Text>{c.slogan}</Text>
              </View>
            );
          })}
        </View>
      )}

      {data && data.walls.length > 0 && (
        <View className="card">
          <View className="card-title">看看大家的卡片</View>
          <View className="big-actions">
            {data.walls.map((w) => (
              <Button
                key={`${w.kind}-${w.id}`}
                onClick={() =>
                  Taro.navigateTo({
                    url: `/packages/card/wall/index?${w.kind === 'class' ? 'classId' : 'schoolId'}=${w.id}`,
                  })
                }
              >
                {`${w.name} 卡片墙`}
              </Button>
            ))}
          </View>
        </View>
      )}

      {data && data.statsUnits.length > 0 && (
        <View className="card">
          <View className="card-title">老师和管理员</View>
          <View className="big-actions">
            {data.statsUnits.map((u) => (
              <Button
                key={`${u.level}-${u.id}`}
                onClick={() =>
                  Taro.navigateTo({ url: `/packages/card/stats/index?level=${u.level}&id=${u.id}` })
                }
              >
                {`${u.name}：卡片统计`}
              </Button>
            ))}
            {data.statsUnits
              .filter((u) => u.level === 'class' || u.level === 'school')
              .map((u) => (
                <Button
                  key={`review-${u.id}`}
                  type="primary"
                  onClick={() =>
                    Taro.navigateTo({
                      url: `/packages/card/review/index?${u.level === 'class' ? 'classId' : 'schoolId'}=${u.id}`,
                    })
                  }
                >
                  {`${u.name}：待审核卡片`}
                </Button>
              ))}
          </View>
        </View>
      )}
    </View>
  );
}
