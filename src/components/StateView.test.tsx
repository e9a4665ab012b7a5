import { fireEvent, render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { StateView } from './StateView';

describe('StateView', () => {
  test('error: shows the message and the retry button calls back', () => {
    const onRetry = jest.fn();
    render(<StateView error={new ApiError('UNAVAILABLE', '网络连接失败，请稍后重试')} onRetry={onRetry} />);
    expect(screen.getByText('网络连接失败，请稍后重试')).toBeTruthy();
    fireEvent.click(screen.getByText('重试'));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  test('error without onRetry: no retry button', () => {
    render(<StateView error={new ApiError('FORBIDDEN', '没有权限')} />);
    expect(screen.getByText('没有权限')).toBeTruthy();
    expect(screen.queryByText('重试')).toBeNull();
  });

  test('error wins over loading', () => {
    render(<StateView loading error={new ApiError('INTERNAL', '出错了')} />);
    expect(screen.getByText('出错了')).toBeTruthy();
    expect(screen.queryByText('加载中…')).toBeNull();
  });

  test('loading: shows the loading text', () => {
    render(<StateView loading empty="暂无数据" />);
    expect(screen.getByText('加载中…')).toBeTruthy();
    expect(screen.queryByText('暂无数据')).toBeNull();
  });

  test('empty: shows the empty text', () => {
    render(<StateView empty="还没有班级" />);
    expect(screen.getByText('还没有班级')).toBeTruthy();
  });

  test('nothing to say: renders nothing', () => {
    const { container } = render(<StateView />);
    expect(container.textContent).toBe('');
  });
});
