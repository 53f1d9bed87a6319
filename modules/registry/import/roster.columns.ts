// The columns of a 户籍花名册 (household-registration roster): one list shared by the import
// template, the import reader, the errors workbook and the search export, so they never drift.
import {
  DISABILITY_CATEGORIES, DISABILITY_GRADES, ETHNICITIES, LABOUR_CAPACITIES, RELATIONS, URBAN_RURAL, type Code,
} from '../codes';

export type RosterKey =
  | 'householdRef' | 'relation' | 'name' | 'idNumber' | 'ethnicity' | 'phone' | 'divisionCode' | 'urbanRural'
  | 'residenceDivisionCode' | 'address' | 'disabilityCategory' | 'disabilityGrade' | 'disabilityCertNo'
  | 'healthConditions' | 'labourCapacity' | 'bankName' | 'bankAccount' | 'bankAccountName';

export interface RosterColumn {
  key: RosterKey;
  header: string;
  width: number;
  /** Kept as text so Excel does not turn long digit strings into 1.4E+17. */
  text?: boolean;
  /** Drop-down of these names in the template. */
  list?: Code[];
  example: string;
  help: string;
}

export const ROSTER_SHEET = '人员花名册';
export const ROSTER_TITLE = '阳泉市民政 人员（户籍）花名册导入模板';
/** An example row begins with this in 户编号 and is never imported. */
export const EXAMPLE_MARK = '示例';

export const ROSTER_COLUMNS: RosterColumn[] = [
  { key: 'householdRef', header: '户编号(同户填同一编号)', width: 14, text: true, example: '示例1', help: '必填。同一户的成员填写相同的编号（如 1、2、3…），编号只在本文件内有效，用于把人员归入同一户。' },
  { key: 'relation', header: '与户主关系', width: 12, list: RELATIONS, example: '户主', help: '必填，从下拉列表选择。每户有且只有一位“户主”。' },
  { key: 'name', header: '姓名', width: 10, example: '王德明', help: '必填，2至30个汉字；少数民族姓名可含“·”。' },
  { key: 'idNumber', header: '公民身份号码', width: 22, text: true, example: '140321198005170013', help: '必填，18位公民身份号码，末位可为X。性别、出生日期由身份证号自动得出。本列已设为文本格式，请勿改为数字。' },
  { key: 'ethnicity', header: '民族', width: 10, list: ETHNICITIES, example: '汉族', help: '从下拉列表选择；不填视为汉族。' },
  { key: 'phone', header: '手机号码', width: 14, text: true, example: '13912345678', help: '选填，11位手机号。' },
  { key: 'divisionCode', header: '户籍地区划代码(12位)', width: 20, text: true, example: '140321100201', help: '必填，户籍所在村（社区）的12位统计用区划代码，须在您的管辖范围内。同户成员必须相同。' },
  { key: 'urbanRural', header: '城乡', width: 8, list: URBAN_RURAL, example: '农村', help: '必填，选择“城镇”或“农村”。' },
  { key: 'residenceDivisionCode', header: '现居住地区划代码', width: 20, text: true, example: '', help: '选填，现居住村（社区）的12位区划代码；与户籍地相同时可不填。' },
  { key: 'address', header: '详细地址', width: 28, example: '冠山镇某村1号', help: '选填，200字以内。户主的地址作为家庭地址。' },
  { key: 'disabilityCategory', header: '残疾类别', width: 12, list: DISABILITY_CATEGORIES, example: '', help: '无残疾不填。有残疾时残疾类别、残疾等级、残疾证号都要填。' },
  { key: 'disabilityGrade', header: '残疾等级', width: 10, list: DISABILITY_GRADES, example: '', help: '一级至四级，从下拉列表选择。' },
  { key: 'disabilityCertNo', header: '残疾证号', width: 24, text: true, example: '', help: '第二代残疾人证号，以本人身份证号开头。' },
  { key: 'healthConditions', header: '健康状况(多项用、分隔)', width: 22, example: '高血压、糖尿病', help: '选填，多项用顿号“、”分隔，可填：' },
  { key: 'labourCapacity', header: '劳动能力', width: 16, list: LABOUR_CAPACITIES, example: '有劳动能力', help: '选填，从下拉列表选择。' },
  { key: 'bankName', header: '开户银行', width: 18, example: '山西农信', help: '家庭的发放账户，填在户主行即可。' },
  { key: 'bankAccount', header: '银行账号', width: 24, text: true, example: '6217000010001234567', help: '12至19位数字。本列已设为文本格式，请勿改为数字，否则长账号会变成科学计数法。' },
  { key: 'bankAccountName', header: '账户名', width: 10, example: '王德明', help: '银行账户的户名，一般为户主本人。' },
];

export const columnOf = (key: RosterKey) => ROSTER_COLUMNS.find((c) => c.key === key)!;
export const headerOf = (key: RosterKey) => columnOf(key).header;

/** How rosters and exports show a bank account: never in full. */
export const maskAccount = (a: string | null) => (a ? `${a.slice(0, 4)} **** **** ${a.slice(-4)}` : null);
