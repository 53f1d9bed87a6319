import { Prng, Weighted } from './prng';

// Surname frequencies (per mille, rounded) leaning to Shanxi, where 郭 赵 武 高 梁 贾 郝 are commoner
// than the national ranking.
export const SURNAMES = Weighted.of<string>([
  ['王', 82], ['李', 70], ['张', 68], ['刘', 52], ['郭', 32], ['赵', 32], ['杨', 30], ['陈', 24],
  ['武', 20], ['高', 20], ['梁', 17], ['贾', 16], ['郝', 15], ['田', 14], ['韩', 14], ['吴', 13],
  ['周', 13], ['孙', 13], ['白', 12], ['石', 12], ['史', 11], ['乔', 11], ['段', 11], ['任', 11],
  ['黄', 11], ['马', 11], ['胡', 10], ['徐', 10], ['朱', 10], ['侯', 10], ['魏', 9], ['许', 9],
  ['冀', 8], ['薛', 8], ['范', 8], ['崔', 8], ['程', 8], ['牛', 8], ['闫', 8], ['康', 7],
  ['宋', 7], ['曹', 7], ['董', 7], ['郑', 7], ['何', 7], ['常', 7], ['秦', 6], ['吕', 6],
  ['申', 6], ['苏', 6], ['孟', 6], ['岳', 6], ['智', 5], ['荆', 5], ['温', 5], ['谷', 5],
  ['霍', 5], ['杜', 5], ['姚', 5], ['卢', 5], ['尹', 4], ['翟', 4], ['阎', 4], ['耿', 4],
  ['袁', 4], ['葛', 4], ['路', 4], ['邢', 4], ['付', 4], ['冯', 4], ['安', 4], ['潘', 3],
  ['药', 2], ['上官', 1], ['欧阳', 1],
]);

/** Birth cohorts: given-name fashions changed with each. */
export type Cohort = 0 | 1 | 2 | 3;
export function cohortOf(birthYear: number): Cohort {
  return birthYear < 1960 ? 0 : birthYear < 1980 ? 1 : birthYear < 2000 ? 2 : 3;
}

// [single-character names, first characters, second characters] by cohort and gender.
type Pool = { single: readonly string[]; first: readonly string[]; second: readonly string[] };
const split = (s: string) => [...s];

const MALE: Record<Cohort, Pool> = {
  0: {
    single: split('福贵德文明志忠义仁礼信成旺富强林山海'),
    first: split('建国国保金福永树玉德志宝文俊天有长振'),
    second: split('国华民生林明才祥山成忠义富贵发武平清'),
  },
  1: {
    single: split('伟强军勇斌刚海涛波平明亮峰兵辉东'),
    first: split('建红卫永志海晓文小国俊立宏春利新'),
    second: split('军平兵伟强华明刚东峰忠林生斌杰宏'),
  },
  2: {
    single: split('磊鹏涛超浩杰鑫宇帅凯博亮龙飞鹤旭'),
    first: split('晓俊志宇浩文家少鹏建佳嘉天子明思'),
    second: split('宇杰鹏伟超飞龙辉峰浩明博阳涛鑫磊'),
  },
  3: {
    single: split('浩宇轩睿泽航辰然哲凯博阳'),
    first: split('子浩宇梓一俊皓睿思沐奕锦'),
    second: split('轩宇辰泽航然睿涵阳恒哲铭'),
  },
};

const FEMALE: Record<Cohort, Pool> = {
  0: {
    single: split('英兰珍芳秀梅凤翠花琴娥'),
    first: split('秀桂玉淑凤金翠素彩美春'),
    second: split('英兰珍芳花梅兰琴娥莲香'),
  },
  1: {
    single: split('丽红艳霞燕玲芳娟敏萍静'),
    first: split('丽红晓海春秋小彩建美玉'),
    second: split('娟红霞燕萍丽芳玲华梅平'),
  },
  2: {
    single: split('婷静敏娜倩丹雪佳琳璐晶'),
    first: split('晓佳雅婷丽文思佩欣梦慧'),
    second: split('婷静敏娜琳雪倩慧洁丹瑶'),
  },
  3: {
    single: split('涵萱怡琪彤妍悦诺媛菲'),
    first: split('梓欣诗雨一若紫可语艺'),
    second: split('涵萱怡琪彤妍桐诺萌汐'),
  },
};

export function givenName(rng: Prng, gender: 'M' | 'F', cohort: Cohort): string {
  const pool = (gender === 'M' ? MALE : FEMALE)[cohort];
  // Single-character given names were common before the 1980s, rare since.
  const single = cohort <= 1 ? 0.3 : cohort === 2 ? 0.2 : 0.06;
  if (rng.chance(single)) return rng.pick(pool.single);
  let second = rng.pick(pool.second);
  const first = rng.pick(pool.first);
  if (second === first) second = rng.pick(pool.second);
  return first + second;
}
