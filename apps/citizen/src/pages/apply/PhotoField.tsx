import { useId, useState, type ChangeEvent } from 'react';
import { api, ApiError } from '../../api';
import { compressPhoto } from '../../components/photo';

/** One document: take a photo with the camera, shrink it on the phone, upload it, show it. */
export function PhotoField({ code, title, sha, onUploaded }: { code: string; title: string; sha?: string; onUploaded: (code: string, sha: string) => void }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [size, setSize] = useState<number | null>(null);

  const pick = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setBusy(true); setError(null);
    try {
      const small = await compressPhoto(file);
      const form = new FormData();
      form.append('file', small, `${code}.jpg`);
      const r = await api.upload<{ sha256: string; size: number }>('/files', form);
      setSize(r.size);
      onUploaded(code, r.sha256);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : '照片处理失败，请重拍');
    } finally { setBusy(false); }
  };

  return (
    <div className="photo">
      <label htmlFor={id} className="button">{busy ? '正在上传…' : sha ? `重拍：${title}` : `拍照：${title}`}</label>
      <input id={id} className="visually-hidden-file" type="file" accept="image/*" capture="environment" onChange={pick} disabled={busy} aria-describedby={`${id}-s`} />
      <p id={`${id}-s`} className="small" role="status">
        {sha ? <>已上传{size ? `（${Math.max(1, Math.round(size / 1024))} KB）` : ''} <img className="thumb" src={`/api/v1/citizen/files/${sha}`} alt={`${title}的照片`} /></> : '还没有拍'}
      </p>
      {error && <p className="field-error" role="alert">{error}</p>}
    </div>
  );
}
