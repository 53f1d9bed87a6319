import { useState } from 'react';
import { api, dateText, type Notice } from '../api';
import { Link } from '../router';
import { useLoad } from '../useLoad';
import { Loading, Problem } from '../components/ui';

export function NoticesPage() {
  const { data, error, reload } = useLoad<{ items: Notice[]; unread: number }>('/notices');
  const [open, setOpen] = useState<number | null>(null);
  if (error) return <div className="page"><Problem error={error} /></div>;
  if (!data) return <Loading />;
  const show = async (n: Notice) => {
    setOpen(open === n.id ? null : n.id);
    if (!n.read) { await api.post(`/notices/${n.id}/read`).catch(() => {}); void reload(); }
  };
  return (
    <div className="page">
      <h2 className="page-title">消息</h2>
      {data.items.length === 0 && <p className="lead">还没有消息。</p>}
      <ul className="notices">
        {data.items.map((n) => (
          <li key={n.id} className={n.read ? 'read' : 'unread'}>
            <button type="button" aria-expanded={open === n.id} onClick={() => show(n)}>
              {!n.read && <span className="dot" aria-label="未读" />}
              <strong>{n.title}</strong>
              <span className="when">{dateText(n.createdAt)}</span>
            </button>
            {open === n.id && (
              <div className="notice-body">
                <p>{n.body}</p>
                {n.applicationId && <Link to={`/cases/${n.applicationId}`}>查看这份申请</Link>}
              </div>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
