/**
 * Loading an evaluation set: a folder with evalset.json (webkitdirectory), or the bundle's own
 * (manifest `eval`). Its classes become the class list; an item can be opened with its mask.
 */
import { useExplorer, useExplorerShallow } from '../../state';
import { evalSetFile, pickedFiles } from './evalFiles';

const folderAttrs = { webkitdirectory: '', directory: '' } as Record<string, string>;

export function EvalSetPicker() {
  const { hasEval, evalSet } = useExplorerShallow((s) => ({ hasEval: s.model.info?.hasEval ?? false, evalSet: s.patchdis.evalSet }));
  const load = useExplorer((s) => s.loadEvalSet);
  const encodeImage = useExplorer((s) => s.encodeImage);
  const setMask = useExplorer((s) => s.setPatchDisMask);
  const notify = useExplorer((s) => s.notify);

  async function openItem(id: string) {
    const item = evalSet?.items.find((i) => i.id === id);
    if (!item || !evalSet) return;
    const image = evalSetFile(evalSet.source, item.image);
    if (!image) return notify('error', `${item.image}: not in the chosen folder, expected it next to evalset.json`);
    const mask = item.mask ? evalSetFile(evalSet.source, item.mask) : null;
    if (item.mask && !mask) notify('error', `${item.mask}: not in the chosen folder, expected it next to evalset.json`);
    setMask(mask && item.mask ? { name: item.mask, bytes: await mask.arrayBuffer(), forImage: item.image } : null);
    await encodeImage(item.image, image);
  }

  return (
    <div className="row">
      <label className="file-button">
        Evaluation set folder…
        <input
          type="file"
          aria-label="Evaluation set folder"
          {...folderAttrs}
          onChange={(e) => {
            const files = e.target.files;
            if (files && files.length > 0) void load({ kind: 'files', files: pickedFiles(files) });
            e.target.value = '';
          }}
        />
      </label>
      {hasEval && (
        <button type="button" onClick={() => void load({ kind: 'bundle' })}>
          Use the bundle's evaluation set
        </button>
      )}
      {evalSet && (
        <>
          <span className="badge" aria-label="Evaluation set">
            {evalSet.name}: {evalSet.classes.length} classes, {evalSet.items.length} images
          </span>
          {evalSet.source.kind === 'files' && (
            <select aria-label="Evaluation set image" defaultValue="" onChange={(e) => void openItem(e.target.value)}>
              <option value="" disabled>
                open an image with its mask…
              </option>
              {evalSet.items.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.id}
                  {i.mask ? '' : ' (no mask)'}
                </option>
              ))}
            </select>
          )}
        </>
      )}
    </div>
  );
}
