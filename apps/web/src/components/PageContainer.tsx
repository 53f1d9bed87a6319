import type { ReactNode } from 'react';
import { Breadcrumb } from 'antd';
import { HomeOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';

export interface Crumb {
  title: ReactNode;
  to?: string;
}

interface Props {
  title: ReactNode;
  subTitle?: ReactNode;
  crumbs?: Crumb[];
  extra?: ReactNode;
  children: ReactNode;
}

/** Breadcrumb + title bar + body, the frame of every console page. */
export function PageContainer({ title, subTitle, crumbs = [], extra, children }: Props) {
  const items = [
    { title: <Link to="/"><HomeOutlined /> 首页</Link> },
    ...crumbs.map((c) => ({ title: c.to ? <Link to={c.to}>{c.title}</Link> : c.title })),
  ];
  return (
    <>
      <div className="mz-page-head">
        <Breadcrumb items={items} />
        <div className="mz-page-title">
          <div>
            <h1>{title}</h1>
            {subTitle && <div className="mz-page-sub">{subTitle}</div>}
          </div>
          {extra && <div>{extra}</div>}
        </div>
      </div>
      {children}
    </>
  );
}
