import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, type Household } from '../../api';
import { navigate } from '../../router';
import { useLoad } from '../../useLoad';
import { Card, Check, Loading, Problem, Select, Term, TextArea, TextField } from '../../components/ui';
import { PhotoField } from './PhotoField';
import { ConsentRow } from './ConsentRow';

const NAMES: Record<string, string> = { dibao: '低保', temporary: '临时救助', tekun: '特困' };
const PHOTOS: Record<string, [string, string, boolean][]> = {
  dibao: [['household_register', '户口簿（户主页和每个人那一页）', true], ['id_cards', '家里每个人的身份证', true], ['disability_certificate', '残疾人证（有才拍）', false], ['medical_records', '大病诊断证明（有才拍）', false]],
  tekun: [['household_register', '户口簿（户主页和您那一页）', true], ['id_cards', '您的身份证', true], ['supporter_statement', '子女等赡养人情况的说明（村里开的证明或您写的说明）', true], ['disability_certificate', '残疾人证（有才拍）', false]],
  temporary: [['id_cards', '您的身份证', true], ['hardship_proof', '困难证明（火灾、事故证明或看病、上学的票据）', true], ['medical_records', '诊断证明（有才拍）', false]],
};
const INCOME_KINDS: [string, string][] = [
  ['wage', '打工、上班的工资'], ['business', '做生意、种地养殖的收入'], ['transfer', '子女等给的赡养费'],
  ['social_insurance_benefit', '退休金'], ['basic_residents_pension', '城乡居民养老金'],
];
const CAUSES: [string, string][] = [['fire', '火灾'], ['accident', '车祸等意外'], ['sudden_illness', '突发重病'], ['disaster', '自然灾害'], ['medical', '看病花钱太多'], ['education', '上学花钱太多'], ['other', '其他']];

const SUPPORTER_STATUS: [string, string][] = [
  ['missing', '失踪、下落不明'], ['incapacitated', '没有行为能力（如重病、精神残疾）'], ['in_prison', '正在服刑'], ['tekun', '本人也是特困人员'],
  ['dibao_aged_60', '60 岁以上的低保对象'], ['aged_70_low_income', '70 岁以上、收入低'], ['severely_disabled_low_income', '重度残疾、收入低'], ['able', '有能力赡养'],
];

const yuanToFen = (s: string) => Math.round(Number(s || 0) * 100);

export function ApplyPage({ programme: initial }: { programme: string }) {
  const programme = initial === 'temporary' || initial === 'tekun' ? initial : 'dibao';
  const household = useLoad<Household>('/household');
  const [step, setStep] = useState(0);
  const [included, setIncluded] = useState<Record<number, { included: boolean; reason: string }>>({});
  const [incomes, setIncomes] = useState<Record<number, { kind: string; yuan: string }>>({});
  const [assets, setAssets] = useState({ savings: '', vehicles: '0', extraHousing: '0' });
  const [temp, setTemp] = useState({ cause: 'sudden_illness', description: '', months: '1', expense: '' });
  const [care, setCare] = useState({ mode: 'home_based', hasSupporter: false, name: '', relation: '', status: 'missing' });
  const [photos, setPhotos] = useState<Record<string, string>>({});
  const [consented, setConsented] = useState<Set<number>>(new Set());
  const [agree, setAgree] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<{ items: { personId: number }[] }>('/consents').then((r) => setConsented(new Set(r.items.map((c) => c.personId))), () => {});
  }, []);
  const h = household.data;
  const members = useMemo(() => (h?.members ?? []).map((m) => ({ ...m, ...(included[m.personId] ?? { included: true, reason: '' }) })), [h, included]);
  const counted = members.filter((m) => m.included);
  const adults = counted.filter((m) => m.age >= 18 && m.personId !== h?.me);

  const steps = [
    '家里的人', '收入', '财产', ...(programme === 'temporary' ? ['遇到的困难'] : programme === 'tekun' ? ['供养和赡养人'] : []), '拍照',
    ...(programme === 'tekun' ? [] : ['家人授权']), '检查并提交',
  ];
  const title = steps[step];
  if (household.error) return <div className="page"><Problem error={household.error} /></div>;
  if (!h) return <Loading />;

  const submit = async () => {
    setBusy(true); setError(null);
    try {
      const r = await api.post<{ id: number }>('/applications', {
        programme,
        members: members.map((m) => ({ personId: m.personId, included: m.included, ...(m.included ? {} : { reason: m.reason }) })),
        incomes: counted.flatMap((m) => {
          const x = incomes[m.personId];
          return x && Number(x.yuan) > 0 ? [{ personId: m.personId, kind: x.kind, monthlyFen: yuanToFen(x.yuan) }] : [];
        }),
        assets: { financialFen: yuanToFen(assets.savings), vehicles: Number(assets.vehicles || 0), extraHousing: Number(assets.extraHousing || 0) },
        photos: Object.entries(photos).map(([code, fileSha256]) => ({ code, fileSha256 })),
        ...(programme === 'temporary' ? {
          temporary: {
            kind: ['fire', 'accident', 'sudden_illness', 'disaster'].includes(temp.cause) ? 'emergency' : 'expenditure',
            cause: temp.cause, description: temp.description.trim(), months: Number(temp.months || 1),
            ...(temp.expense ? { expenseFen: yuanToFen(temp.expense) } : {}),
          },
        } : {}),
        ...(programme === 'tekun' ? {
          tekun: {
            mode: care.mode, orphan: false,
            supporters: care.hasSupporter ? [{ name: care.name.trim(), relation: care.relation.trim(), status: care.status }] : [],
          },
        } : {}),
        applicantAgrees: agree,
      });
      navigate(`/cases/${r.id}`);
    } catch (err) { setError(err as ApiError); } finally { setBusy(false); }
  };

  const setMember = (id: number, patch: Partial<{ included: boolean; reason: string }>) =>
    setIncluded({ ...included, [id]: { ...(included[id] ?? { included: true, reason: '' }), ...patch } });

  return (
    <div className="page">
      <h2 className="page-title">申请<Term t={NAMES[programme]} /></h2>
      <p className="progress" aria-live="polite">第 {step + 1} 步，共 {steps.length} 步：{title}</p>
      <div className="progress-bar" aria-hidden="true"><span style={{ width: `${((step + 1) / steps.length) * 100}%` }} /></div>

      {title === '家里的人' && (
        <Card title="这些是户籍登记的家里人">
          <p>和您一起生活、经济上在一起的人要算进来（<Term t="共同生活家庭成员">什么人算？</Term>）。信息不对请到“我的家”报告。</p>
          {members.map((m) => (
            <div key={m.personId} className="member">
              <Check label={<><strong>{m.name}</strong> {m.relationName} {m.age} 岁</>} checked={m.included} onChange={() => setMember(m.personId, { included: !m.included })} />
              {!m.included && <TextField label={`${m.name}为什么不算`} hint="例如：长期在外单独生活、服刑" value={m.reason} onChange={(e) => setMember(m.personId, { reason: e.target.value })} />}
            </div>
          ))}
        </Card>
      )}

      {title === '收入' && (
        <Card title="每个人每月大约有多少收入">
          <p>没有收入的填 0 或不填。低保金、高龄津贴等不用填。</p>
          {counted.map((m) => (
            <fieldset key={m.personId}>
              <legend>{m.name}</legend>
              <Select label={`${m.name}的收入来源`} options={INCOME_KINDS} value={incomes[m.personId]?.kind ?? 'wage'}
                onChange={(e) => setIncomes({ ...incomes, [m.personId]: { yuan: incomes[m.personId]?.yuan ?? '', kind: e.target.value } })} />
              <TextField label={`${m.name}每月收入（元）`} type="number" inputMode="decimal" min={0} value={incomes[m.personId]?.yuan ?? ''}
                onChange={(e) => setIncomes({ ...incomes, [m.personId]: { kind: incomes[m.personId]?.kind ?? 'wage', yuan: e.target.value } })} />
            </fieldset>
          ))}
        </Card>
      )}

      {title === '财产' && (
        <Card title="家里的财产">
          <TextField label="存款、理财一共多少元" hint="全家人的都算" type="number" inputMode="decimal" min={0} value={assets.savings} onChange={(e) => setAssets({ ...assets, savings: e.target.value })} />
          <TextField label="有几辆汽车" hint="残疾人代步车、干活用的车不算" type="number" inputMode="numeric" min={0} value={assets.vehicles} onChange={(e) => setAssets({ ...assets, vehicles: e.target.value })} />
          <TextField label="除了自己住的，还有几套房" type="number" inputMode="numeric" min={0} value={assets.extraHousing} onChange={(e) => setAssets({ ...assets, extraHousing: e.target.value })} />
        </Card>
      )}

      {title === '遇到的困难' && (
        <Card title="遇到了什么困难">
          <Select label="困难的原因" options={CAUSES} value={temp.cause} onChange={(e) => setTemp({ ...temp, cause: e.target.value })} />
          <TextArea label="说说具体情况" hint="什么时候、发生了什么、现在缺什么" value={temp.description} onChange={(e) => setTemp({ ...temp, description: e.target.value })} />
          <TextField label="已经花了多少钱（元，没有可不填）" type="number" inputMode="decimal" min={0} value={temp.expense} onChange={(e) => setTemp({ ...temp, expense: e.target.value })} />
          <TextField label="希望帮助几个月的生活费" hint="按低保标准计算，一般 1 到 3 个月" type="number" inputMode="numeric" min={1} max={12} value={temp.months} onChange={(e) => setTemp({ ...temp, months: e.target.value })} />
        </Card>
      )}

      {title === '供养和赡养人' && (
        <Card title={<>供养方式和赡养人（<Term t="特困" />）</>}>
          <Select label="您希望怎样被照顾" options={[['home_based', '在家里住，政府按月发供养金'], ['institutional', '住到敬老院（供养服务机构）']]} value={care.mode} onChange={(e) => setCare({ ...care, mode: e.target.value })} />
          <Check label="我有子女、配偶或父母等法定赡养人" checked={care.hasSupporter} onChange={() => setCare({ ...care, hasSupporter: !care.hasSupporter })} />
          {care.hasSupporter && <>
            <TextField label="赡养人姓名" value={care.name} onChange={(e) => setCare({ ...care, name: e.target.value })} />
            <TextField label="和您的关系" hint="例如：儿子、女儿" value={care.relation} onChange={(e) => setCare({ ...care, relation: e.target.value })} />
            <Select label="赡养人现在的情况" options={SUPPORTER_STATUS} value={care.status} onChange={(e) => setCare({ ...care, status: e.target.value })} />
          </>}
          <Check label="我本人同意民政部门核对我的收入和财产，并保证填写的情况真实" checked={agree} onChange={() => setAgree(!agree)} />
        </Card>
      )}

      {title === '拍照' && (
        <Card title="给材料拍照">
          <p>把材料放平、拍清楚。照片会在手机上压缩后再上传，省流量。</p>
          {PHOTOS[programme].map(([code, t, required]) => (
            <PhotoField key={code} code={code} title={`${t}${required ? '' : ''}`} sha={photos[code]} onUploaded={(c, sha) => setPhotos({ ...photos, [c]: sha })} />
          ))}
        </Card>
      )}

      {title === '家人授权' && (
        <Card title={<><Term t="授权" />核对家庭收入和财产</>}>
          <p>民政部门要查询家里成年人的收入和财产（<Term t="家庭经济状况核对">查什么？</Term>）。每个成年人都要用自己手机上的验证码表示同意。</p>
          <ul className="consents">
            {adults.map((m) => (
              <ConsentRow key={m.personId} personId={m.personId} name={m.name} done={consented.has(m.personId)} onDone={() => setConsented(new Set([...consented, m.personId]))} />
            ))}
          </ul>
          <Check label="我本人同意民政部门核对我家的收入和财产，并保证填写的情况真实" checked={agree} onChange={() => setAgree(!agree)} />
        </Card>
      )}

      {title === '检查并提交' && (
        <Card title="检查一下">
          <dl className="facts">
            <dt>申请</dt><dd>{NAMES[programme]}</dd>
            <dt>算进来的人</dt><dd>{counted.map((m) => m.name).join('、')}（{counted.length} 人）</dd>
            <dt>每月总收入</dt><dd>{counted.reduce((s, m) => s + Number(incomes[m.personId]?.yuan || 0), 0)} 元</dd>
            <dt>存款理财</dt><dd>{Number(assets.savings || 0)} 元</dd>
            <dt>照片</dt><dd>{Object.keys(photos).length} 张</dd>
            <dt>家人授权</dt><dd>{adults.filter((m) => consented.has(m.personId)).length} / {adults.length} 人{agree ? '，本人已同意' : '，本人还没同意'}</dd>
          </dl>
          <Problem error={error} />
          <button className="primary" type="button" onClick={submit} disabled={busy}>{busy ? '正在提交…' : '提交申请'}</button>
        </Card>
      )}

      <div className="wizard-nav">
        {step > 0 && <button type="button" className="secondary" onClick={() => { setStep(step - 1); window.scrollTo(0, 0); }}>上一步</button>}
        {step < steps.length - 1 && <button type="button" className="primary" onClick={() => { setStep(step + 1); window.scrollTo(0, 0); }}>下一步</button>}
      </div>
    </div>
  );
}
