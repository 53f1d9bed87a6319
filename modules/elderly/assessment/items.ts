// GB/T 42195-2022《老年人能力评估规范》附录 B: 26 items in four domains, total 0–90.
// Each option is the score and its wording as the standard puts it (abridged where long).

export type DomainKey = 'selfCare' | 'motor' | 'mental' | 'perception';

export interface AssessmentItem {
  key: string;
  domain: DomainKey;
  no: number;
  label: string;
  max: number;
  /** index = score */
  options: string[];
}

export const DOMAINS: Record<DomainKey, { label: string; max: number }> = {
  selfCare: { label: '自理能力', max: 32 },
  motor: { label: '基础运动能力', max: 15 },
  mental: { label: '精神状态', max: 28 },
  perception: { label: '感知觉与社会参与', max: 15 },
};

const five = (o4: string, o3: string, o2: string, o1: string, o0: string) => [o0, o1, o2, o3, o4];

export const ITEMS: AssessmentItem[] = [
  { key: 'eating', domain: 'selfCare', no: 1, label: '进食', max: 4, options: five(
    '独立使用器具将食物送进口中并咽下，没有呛咳', '在他人指导或提示下完成，或独立使用辅具，没有呛咳',
    '进食中需要少量接触式协助，偶尔（每月一次及以上）呛咳', '在进食中需要大量接触式协助，经常（每周一次及以上）呛咳',
    '完全依赖他人协助进食，或吞咽困难，或留置营养管') },
  { key: 'grooming', domain: 'selfCare', no: 2, label: '修饰', max: 4, options: five(
    '独立完成洗脸、刷牙、梳头、剃须等，不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'bathing', domain: 'selfCare', no: 3, label: '洗澡', max: 4, options: five(
    '独立完成洗澡，不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'dressingUpper', domain: 'selfCare', no: 4, label: '穿/脱上衣', max: 4, options: five(
    '独立完成穿脱上衣，不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'dressingLower', domain: 'selfCare', no: 5, label: '穿/脱裤子和鞋袜', max: 4, options: five(
    '独立完成穿脱裤子、鞋袜，不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'urinaryControl', domain: 'selfCare', no: 6, label: '小便控制', max: 4, options: five(
    '可自行控制排尿，排尿次数、排尿控制均正常', '白天可自行控制排尿次数，夜间出现排尿次数增多、排尿控制较差，或自行使用尿布、尿垫等辅助用物',
    '白天大部分时间可自行控制排尿，偶出现（每天<1次，但每周>1次）尿失禁，夜间控制排尿较差，或他人少量协助使用尿布、尿垫等',
    '白天大部分时间不能控制排尿（每天≥1次，但尚非完全失控），夜间出现尿失禁，或他人大量协助使用尿布、尿垫等',
    '小便失禁，完全不能控制排尿，或留置导尿管') },
  { key: 'bowelControl', domain: 'selfCare', no: 7, label: '大便控制', max: 4, options: five(
    '可正常自行控制大便排出', '有时出现（每周<1次）便秘或大便失禁，或自行使用开塞露、尿垫等辅助用物',
    '经常出现（每天<1次，但每周>1次）便秘或大便失禁，或他人少量协助使用开塞露、尿垫等',
    '大部分时间均出现（每天≥1次）便秘或大便失禁，但尚非完全失控，或他人大量协助使用开塞露、尿垫等',
    '严重便秘或者完全大便失禁，需要依赖他人协助排便或清洁皮肤') },
  { key: 'toileting', domain: 'selfCare', no: 8, label: '如厕', max: 4, options: five(
    '可独立使用厕所或便盆、便椅，并完成如厕后清洁', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'bedPositionChange', domain: 'motor', no: 9, label: '床上体位转移', max: 4, options: five(
    '独立完成床上体位转移（翻身、坐起、躺下），不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'bedChairTransfer', domain: 'motor', no: 10, label: '床椅转移', max: 4, options: five(
    '独立完成床与椅子、轮椅之间的转移，不需要协助', '在他人指导或提示下完成', '需要他人协助，但以自身完成为主',
    '主要依靠他人协助，自身能给予配合', '完全依赖他人协助，且不能给予配合') },
  { key: 'walking', domain: 'motor', no: 11, label: '平地行走', max: 4, options: five(
    '独立平地步行 50 m 左右，不需要协助，无摔倒风险', '能平地步行 50 m 左右，存在摔倒风险，需要他人监护或指导，或使用拐杖、助行器等辅具',
    '在步行时需要他人少量扶持协助', '在步行时需要他人大量扶持协助', '完全不能步行') },
  { key: 'stairs', domain: 'motor', no: 12, label: '上下楼梯', max: 3, options: [
    '不能，或需依赖电梯等方式上下楼梯', '需要他人协助，但以自身完成为主', '在他人指导或提示下完成', '可独立上下楼梯（连续上下 10 个~15 个台阶），不需要协助'] },
  { key: 'timeOrientation', domain: 'mental', no: 13, label: '时间定向', max: 4, options: five(
    '时间观念（年、月）清楚，日期（或星期几）可相差一天', '时间观念有些下降，年、月、日（或星期几）不能全部分清（相差两天或以上）',
    '时间观念较差，年、月、日不清楚，可知上半年或下半年或季节', '时间观念很差，年、月、日不清楚，可知上午、下午或白天、夜间', '无时间观念') },
  { key: 'placeOrientation', domain: 'mental', no: 14, label: '空间定向', max: 4, options: five(
    '能在日常生活范围内单独外出，如在日常居住小区内独自外出购物等', '不能单独外出，但能准确知道自己日常生活所在地的地址信息',
    '不能单独外出，但知道较多有关自己日常生活的地址信息', '不能单独外出，但知道较少自己居住或生活所在地的地址信息', '不能单独外出，无空间观念') },
  { key: 'personOrientation', domain: 'mental', no: 15, label: '人物定向', max: 4, options: five(
    '认识长期共同一起生活的人，能称呼家人及周围常接触的人', '能认识长期共同生活的人，能称呼家人', '能认识大部分共同生活居住的人，能称呼或知道关系',
    '只认识自己或极少数日常同住的亲人或照护者等', '不认识任何人（包括自己）') },
  { key: 'memory', domain: 'mental', no: 16, label: '记忆', max: 4, options: five(
    '总是能保持与社会、年龄所适应的记忆能力，能完整地回忆', '出现轻度的记忆紊乱或回忆不能（不能回忆即时信息，3个词语经过5分钟后仅能回忆0~1个）',
    '出现中度的记忆紊乱或回忆不能（不能回忆近期记忆，不记得上一顿饭吃了什么）', '出现重度的记忆紊乱或回忆不能（不能回忆远期记忆，不记得自己的老朋友）',
    '记忆完全紊乱或者完全不能对既往事物进行正确的回忆') },
  { key: 'understanding', domain: 'mental', no: 17, label: '理解能力', max: 4, options: five(
    '能正常理解他人的话', '能理解他人的话，但需要增加时间', '理解有困难，需频繁重复或简化口头表达', '理解有严重困难，需要大量他人帮助', '完全不能理解他人的话') },
  { key: 'expression', domain: 'mental', no: 18, label: '表达能力', max: 4, options: five(
    '能正常表达自己的想法', '能表达自己的需要，但需要增加时间', '表达需要，有困难，需频繁重复或简化口头表达', '表达有严重困难，需要大量他人帮助', '完全不能表达需要') },
  { key: 'aggressiveBehaviour', domain: 'mental', no: 19, label: '攻击行为', max: 1, options: [
    '近一个月内出现过攻击行为（身体攻击或语言攻击）', '未出现'] },
  { key: 'depressiveSymptoms', domain: 'mental', no: 20, label: '抑郁症状', max: 1, options: [
    '近一个月内出现过负性情绪、无价值感、自伤或自杀念头等抑郁症状', '未出现'] },
  { key: 'consciousness', domain: 'mental', no: 21, label: '意识水平', max: 2, options: [
    '意识模糊或昏睡（处于昏睡状态，强烈刺激可被唤醒）', '嗜睡（经常处于睡眠状态，可被唤醒，醒后可回答问题）', '神志清醒，对周围环境能作出正确反应'] },
  { key: 'vision', domain: 'perception', no: 22, label: '视力', max: 2, options: [
    '只能看到光、颜色和形状，或完全失明', '能看清楚大字体，但看不清书报上的标准字体，辨认物体有困难', '视力正常（戴眼镜后），能看清书报上的标准字体'] },
  { key: 'hearing', domain: 'perception', no: 23, label: '听力', max: 2, options: [
    '讲话者大声说话或说话很慢才能部分听见，或完全失聪', '在轻声说话或说话距离超过2 m 时听不清', '听力正常（佩戴助听设备后），能听到正常说话声'] },
  { key: 'dailyAffairs', domain: 'perception', no: 24, label: '执行日常事务', max: 4, options: five(
    '能完全独立计划、安排和完成日常事务，无需协助', '在计划、安排和完成日常事务时需要他人监护或指导', '在计划、安排和完成日常事务时需要少量协助',
    '在计划、安排和完成日常事务时需要大量协助', '完全依赖他人进行日常事务') },
  { key: 'goingOut', domain: 'perception', no: 25, label: '使用交通工具外出', max: 3, options: [
    '完全不能出门，或者外出完全需要协助', '不能单独出门，需要他人陪同或协助', '能自己骑车或乘坐公共交通工具外出，但需要他人协助',
    '能自己骑车或搭乘公共交通工具外出'] },
  { key: 'socialInteraction', domain: 'perception', no: 26, label: '社会交往能力', max: 4, options: five(
    '参与社会，在社会环境有一定的适应能力，待人接物恰当', '能适应单纯环境，主动接触他人，初见面时难让人发现智力问题，不能理解隐喻语',
    '脱离社会，可被动接触，不会主动待人，谈话中很多不适词句，容易上当受骗', '勉强可与他人接触，谈吐内容不清楚，表情不恰当', '不能与人交往') },
];

export const ITEM_KEYS = ITEMS.map((i) => i.key) as [string, ...string[]];
export const ITEM_BY_KEY: ReadonlyMap<string, AssessmentItem> = new Map(ITEMS.map((i) => [i.key, i]));

export const LEVELS = ['能力完好', '轻度失能', '中度失能', '重度失能', '完全失能'] as const;
export type Level = 0 | 1 | 2 | 3 | 4;

export const REASONS = { first: '首次评估', routine: '常规评估', immediate: '即时评估（状况发生变化后）', dispute: '因评估结果有疑问进行的复评', other: '其他' } as const;
export type AssessmentReason = keyof typeof REASONS;

export const RISK_EVENTS = { fall: '跌倒', choking: '噎食', selfHarm: '自杀、自伤', wandering: '走失', other: '其他' } as const;
export type RiskEventKind = keyof typeof RISK_EVENTS;
