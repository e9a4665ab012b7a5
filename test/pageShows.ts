/**
 * The page lifecycle for component tests (the ui project's @tarojs/taro is test/taro-shim.js): after
 * `emulatePageShows()`, useDidShow fires once when a component mounts (a page's first show) and again on
 * each `showPage()` (the user comes back). Call `emulatePageShows(false)` in afterAll.
 */
import * as taro from '@tarojs/taro';
import { act } from '@testing-library/react';

type Testing = { emulatePageShows(on?: boolean): void; showPage(): void };
const testing = (taro as unknown as { __pageShows: Testing }).__pageShows;

export function emulatePageShows(on = true): void {
  testing.emulatePageShows(on);
}

/** The page shows again (back from another page, the app back in front). */
export async function showPage(): Promise<void> {
  await act(async () => {
    testing.showPage();
    await Promise.resolve();
  });
}
