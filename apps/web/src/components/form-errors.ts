import type { FormInstance } from 'antd';
import type { MessageInstance } from 'antd/es/message/interface';
import type { ApiError } from '../api/client';

type NamePath = (string | number)[];

/** `members.0.relation` → ['members', 0, 'relation'], as antd Form names nested fields. */
export function toNamePath(field: string): NamePath {
  return field.split('.').map((seg) => (/^\d+$/.test(seg) ? Number(seg) : seg));
}

/**
 * Puts problem+json `errors[]` onto the form's fields; the `title` goes to a toast.
 * `rename` maps API body paths to form field paths where they differ.
 * Returns the errors that matched no registered field.
 */
export function applyApiError(
  form: FormInstance,
  err: ApiError,
  message: MessageInstance,
  rename: Record<string, string> = {},
): { field: string; message: string }[] {
  const registered = new Set(
    form
      .getFieldsError()
      .map((f) => f.name.join('.')),
  );
  const byField = new Map<string, string[]>();
  const unmatched: { field: string; message: string }[] = [];
  for (const e of err.errors) {
    const field = rename[e.field] ?? e.field;
    if (registered.has(field)) byField.set(field, [...(byField.get(field) ?? []), e.message]);
    else unmatched.push({ field: e.field, message: e.message });
  }
  if (byField.size) {
    form.setFields([...byField].map(([field, errors]) => ({ name: toNamePath(field), errors })));
    const first = [...byField.keys()][0];
    if (first) form.scrollToField(toNamePath(first), { block: 'center' });
  }
  const extra = unmatched.map((u) => u.message).join('；');
  message.error(extra ? `${err.title}：${extra}` : err.title);
  return unmatched;
}

/** The server's password policy, checked early so the form can say so before submitting. */
export const PASSWORD_RULES = [
  { required: true, message: '请输入密码' },
  { min: 10, message: '密码至少 10 位' },
  { pattern: /(?=.*[A-Za-z])(?=.*\d)/, message: '密码须同时包含字母和数字' },
];
