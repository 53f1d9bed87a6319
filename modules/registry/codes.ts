// Code tables of the registry, each from its national standard. The UI shows the names.

export interface Code { code: string; name: string }
const table = (pairs: string): Code[] =>
  pairs.trim().split(/\s+/).map((p) => { const [code, name] = p.split(':'); return { code, name }; });

/** GB 3304-1991 names of ethnic groups. */
export const ETHNICITIES = table(`
01:汉族 02:蒙古族 03:回族 04:藏族 05:维吾尔族 06:苗族 07:彝族 08:壮族 09:布依族 10:朝鲜族 11:满族 12:侗族
13:瑶族 14:白族 15:土家族 16:哈尼族 17:哈萨克族 18:傣族 19:黎族 20:傈僳族 21:佤族 22:畲族 23:高山族 24:拉祜族
25:水族 26:东乡族 27:纳西族 28:景颇族 29:柯尔克孜族 30:土族 31:达斡尔族 32:仫佬族 33:羌族 34:布朗族 35:撒拉族
36:毛南族 37:仡佬族 38:锡伯族 39:阿昌族 40:普米族 41:塔吉克族 42:怒族 43:乌孜别克族 44:俄罗斯族 45:鄂温克族
46:德昂族 47:保安族 48:裕固族 49:京族 50:塔塔尔族 51:独龙族 52:鄂伦春族 53:赫哲族 54:门巴族 55:珞巴族 56:基诺族
97:其他 98:外国血统中国籍人士`);

/** GB/T 4761-2008 family relationships (to the household head). */
export const RELATIONS = table(`
02:户主 10:配偶 11:夫 12:妻 20:子 21:独生子 22:长子 23:次子 24:三子 25:四子 26:五子 27:养子或继子 28:女婿
29:其他儿子 30:女 31:独生女 32:长女 33:次女 34:三女 35:四女 36:五女 37:养女或继女 38:儿媳 39:其他女儿
40:孙子女 41:孙子 42:孙女 43:外孙子 44:外孙女 45:孙媳妇或外孙媳妇 46:孙女婿或外孙女婿 47:曾孙子或外曾孙子
48:曾孙女或外曾孙女 49:其他孙子女 50:父母 51:父亲 52:母亲 53:公公 54:婆婆 55:岳父 56:岳母 57:继父或养父
58:继母或养母 59:其他父母关系 60:祖父母 61:祖父 62:祖母 63:外祖父 64:外祖母 65:配偶的祖父母
66:曾祖父 67:曾祖母 68:配偶的曾祖父母 69:其他祖父母 70:兄弟姐妹 71:兄 72:嫂 73:弟 74:弟媳 75:姐姐 76:姐夫
77:妹妹 78:妹夫 79:其他兄弟姐妹 80:其他 81:伯父 82:伯母 83:叔父 84:婶母 85:舅父 86:舅母 87:姨父 88:姨母
89:姑父 90:姑母 91:堂兄弟姐妹 92:表兄弟姐妹 93:侄子 94:侄女 95:外甥 96:外甥女 97:其他亲属 99:非亲属`);

export const HEAD_RELATION = '02';

/** GB/T 26341-2010 disability categories. */
export const DISABILITY_CATEGORIES = table(`
visual:视力残疾 hearing:听力残疾 speech:言语残疾 physical:肢体残疾 intellectual:智力残疾 psychiatric:精神残疾 multiple:多重残疾`);

export const DISABILITY_GRADES = table(`1:一级 2:二级 3:三级 4:四级`);

export const HEALTH_CONDITIONS = table(`
hypertension:高血压 diabetes:糖尿病 heart_disease:心脏病 stroke:脑卒中后遗症 cancer:恶性肿瘤 uremia:尿毒症
mental_illness:重性精神疾病 chronic_lung:慢性阻塞性肺病 dementia:认知障碍 other_serious:其他重大疾病`);

export const LABOUR_CAPACITIES = table(`full:有劳动能力 partial:部分丧失劳动能力 none:无劳动能力`);

export const PERSON_STATUSES = table(`living:在世 deceased:死亡 moved_out:迁出`);

export const URBAN_RURAL = table(`urban:城镇 rural:农村`);

export const codeSet = (t: Code[]) => new Set(t.map((c) => c.code));
export const nameOf = (t: Code[], code: string | null | undefined) => t.find((c) => c.code === code)?.name ?? null;
