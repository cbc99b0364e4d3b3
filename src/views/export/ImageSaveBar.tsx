/** Save buttons for the inspector's image with its overlays (patch grid, selection, heatmap), shown once there is an image. */
import { useExplorer } from '../../state';
import { SaveImageButtons } from './SaveImageButtons';

export function ImageSaveBar() {
  const shown = useExplorer((s) => s.image.preview !== null && s.model.info !== null);
  return shown ? <SaveImageButtons label="image with overlays" selector=".image-panel .image-stage" fileName="lexvla-image-overlays" /> : null;
}

/** "Predicted patch labels" -> "predicted-patch-labels": a file name from a label. */
export function slug(label: string): string {
  return label.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'picture';
}
