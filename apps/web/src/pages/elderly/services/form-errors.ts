import type { FormInstance } from 'antd';
import type { ApiError } from '../../../api/client';
import { toNamePath } from '../../../components/form-errors';

/** Puts the problem's per-field messages on the form's fields that exist; the title is shown by the caller. */
export function applyFieldErrors(form: FormInstance, err: ApiError) {
  const known = new Set(form.getFieldsError().map((f) => f.name.join('.')));
  form.setFields(err.errors.filter((e) => known.has(e.field)).map((e) => ({ name: toNamePath(e.field), errors: [e.message] })));
}
