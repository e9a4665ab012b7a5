/**
 * weapp: save the card poster shown on the page to the photo album. The canvas is exported to a PNG
 * (1080×1920) under a loading mask, then saved by the shared album helper (src/utils/album.ts), which
 * handles a refused permission by explaining it and opening the settings page.
 */
import { type SaveOutcome, saveImageToAlbum } from '../../../utils/album';
import { showError, withLoading } from '../../../utils/feedback';
import { canvasNode, exportCanvas } from './render';

/**
 * Export the 2d canvas matching `selector` and save it to the album. Failures are shown to the user;
 * answers what happened (null: the image could not be made or saved).
 */
export async function savePosterToAlbum(selector: string): Promise<SaveOutcome | null> {
  const path = await withLoading('正在生成图片…', async () =>
    exportCanvas((await canvasNode(selector)).canvas),
  );
  if (!path) return null;
  try {
    return await saveImageToAlbum(path, '卡片');
  } catch (err) {
    showError(err);
    return null;
  }
}
