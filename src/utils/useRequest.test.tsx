/**
 * useShowRequest: one load per page show — the first show loads (no extra load on mount), each later
 * show loads again, and a change of its deps while shown loads again.
 */
import { render, screen, waitFor } from '@testing-library/react';
import { Text } from '@tarojs/components';
import { emulatePageShows, showPage } from '../../test/pageShows';
import { useShowRequest } from './useRequest';

beforeAll(() => emulatePageShows());
afterAll(() => emulatePageShows(false));

function Page(props: { loader: (id: string) => Promise<string>; id: string }) {
  const res = useShowRequest(() => props.loader(props.id), [props.id]);
  return <Text>{res.data ?? '…'}</Text>;
}

test('loads once on the first show, once per later show, and when its deps change', async () => {
  const loader = jest.fn(async (id: string) => `data ${id}`);
  const { rerender } = render(<Page loader={loader} id="a" />);
  expect(await screen.findByText('data a')).toBeTruthy();
  expect(loader).toHaveBeenCalledTimes(1);

  await showPage();
  expect(loader).toHaveBeenCalledTimes(2);

  rerender(<Page loader={loader} id="b" />);
  expect(await screen.findByText('data b')).toBeTruthy();
  expect(loader).toHaveBeenCalledTimes(3);
});

test('without a page show nothing loads (it is not a mount loader)', async () => {
  emulatePageShows(false);
  const loader = jest.fn(async () => 'x');
  render(<Page loader={loader} id="a" />);
  await new Promise((r) => setTimeout(r, 20));
  expect(loader).not.toHaveBeenCalled();
  emulatePageShows(true);
  await waitFor(() => expect(screen.getByText('…')).toBeTruthy());
});
