// What each step of an application means, in plain words for the applicant (not the procedure's terms).
export interface PlainStep { title: string; text: string }

export const PLAIN_STATES: Record<string, PlainStep> = {
  accepted: { title: '已收到申请', text: '乡镇（街道）已经收到您的申请，会在 3 个工作日内开始调查。' },
  verifying: { title: '核对收入和财产', text: '工作人员正在向税务、社保、银行等部门核对您家的收入和财产。这一步用的是您和家人给的授权。' },
  investigating: { title: '上门了解情况', text: '两名工作人员会到您家里看看住房和生活情况，请保持电话畅通。' },
  visited: { title: '上门了解已完成', text: '上门了解已经完成，接下来会在村（社区）公示。' },
  reviewing: { title: '村（社区）评议', text: '村（社区）正在组织群众代表评议您家的情况。' },
  notice: { title: '公示', text: '您的姓名和拟发放的金额正在村（社区）公示 7 天，身份证号只显示部分数字。公示期间谁都可以提出意见。' },
  deciding: { title: '等待审批', text: '公示已结束，正在等待县民政局（或乡镇）审批。' },
  enrolled: { title: '已批准', text: '您的申请已批准。' },
  refused: { title: '没有批准', text: '您的申请没有批准，下面写明了原因。如果您觉得不对，可以申请复核。' },
  advanced: { title: '已先给了救助', text: '情况紧急，乡镇（街道）已经先给了救助，接下来会补办手续。' },
  investigated: { title: '调查已完成', text: '调查核实已经完成，正在等待审批。' },
  granted: { title: '已批准', text: '临时救助已批准，钱会打到您家登记的银行账户。' },
  rechecking: { title: '复核中', text: '已收到您的复核申请，会重新审查您家的情况，15 个工作日内答复。' },
};

export const PLAIN_TRANSITIONS: Record<string, string> = {
  start: '申请已提交并受理',
  objection: '公示期间有人提出了意见，工作人员会重新上门了解',
  requestReview: '您申请了复核',
};

/** Terms of art with their plain meaning (shown as tap-to-explain on the phone). */
export const GLOSSARY: Record<string, string> = {
  低保: '最低生活保障：家里每人每月收入低于当地标准、财产也不多的，政府按差额每月发钱。',
  特困: '特困人员救助供养：没有劳动能力、没有收入、也没有子女等能赡养的老人、残疾人和未成年人，由政府供养。',
  临时救助: '家里突然遇到火灾、车祸、大病等急事，或一时开支太大生活困难，政府一次性给予的帮助。',
  复核: '对没有批准的决定有不同意见时，请审批部门重新审查一次。',
  公示: '把拟批准的名单在村（社区）公开张贴几天，让大家监督。',
  家庭经济状况核对: '经您和家人同意后，民政部门向税务、社保、银行、房产等部门查询您家的收入和财产。',
  授权: '家里每个成年人都要同意民政部门查询自己的收入和财产，在手机上输入发给本人的验证码就算同意。',
  共同生活家庭成员: '和您一起生活、经济上在一起的配偶、子女、父母等，户口本上的人不一定都算。',
  人均收入: '全家每月总收入除以家里的人数。',
  低保标准: '当地政府定的每人每月最低生活费用，人均收入低于它才可能享受低保。',
};
