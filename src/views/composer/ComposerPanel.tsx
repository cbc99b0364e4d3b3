/**
 * The scene composer (shown for bundles trained on EmojiScenes, manifest trainedOn): compose an
 * in-domain image from the model's own classes on the generator's backgrounds, and watch the
 * model follow. Every edit is a new revision of the scene, which src/app/composerSync.ts draws and
 * the store encodes; the words, heatmaps and PatchDis follow it.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { EmojiAtlas } from '../../composer/atlas';
import type { BackgroundSpec } from '../../composer/background';
import { composerClasses, fitScene, sceneAssets } from '../../composer/classes';
import { imagePng, maskPng } from '../../composer/files';
import { renderScene, type RenderedScene } from '../../composer/render';
import { addItem, emptyScene, setBackground, type Scene } from '../../composer/scene';
import { useExplorer, useExplorerShallow } from '../../state';
import { COMPOSED_IMAGE, COMPOSED_MASK } from '../../state/composerTypes';
import { downloadBlob } from '../export/capture';
import { supports } from '../supports';
import { BackgroundControls } from './BackgroundControls';
import { ComposerResults } from './ComposerResults';
import { ComposerStage, type Overlay } from './ComposerStage';
import { EmojiPicker } from './EmojiPicker';
import { ItemControls } from './ItemControls';
import { KEY_HELP } from './keys';
import { atlasUrl, loadEmojiAtlas } from './atlasLoader';
import './composer.css';

const DEFAULT_BACKGROUND: BackgroundSpec = { kind: 'flat', colours: ['light blue', 'white'], seed: 1 };
const OVERLAYS: Array<[Overlay, string]> = [
  ['heatmap', 'Heatmap'],
  ['labels', 'PatchDis labels'],
  ['truth', 'Ground truth'],
  ['none', 'Nothing'],
];

export function ComposerPanel() {
  const info = useExplorer((s) => s.model.info);
  const c = useExplorer((s) => s.composer);
  const view = useExplorerShallow((s) => ({ crop: s.composer.shown !== null ? (s.image.crop ?? null) : null, heatmap: s.heatmap, pd: s.patchdis.result }));
  const act = useExplorerShallow((s) => ({ setScene: s.setComposerScene, select: s.selectComposerItem, recompose: s.recompose, notify: s.notify, setView: s.setView }));
  const [atlas, setAtlas] = useState<EmojiAtlas | null>(null);
  const [atlasError, setAtlasError] = useState<string | null>(null);
  // Dense models have no word heatmaps: their scene shows PatchDis labels first.
  const [overlay, setOverlay] = useState<Overlay>(() => (supports('heatmap', info) ? 'heatmap' : 'labels'));
  const [focusId, setFocusId] = useState<number | null>(null);
  const keysHelp = useId();
  const trainedOn = info?.trainedOn ?? null;

  useEffect(() => {
    let live = true;
    loadEmojiAtlas().then(
      (a) => live && setAtlas(a),
      (e: Error) => live && setAtlasError(e.message),
    );
    return () => void (live = false);
  }, []);

  // Opened, or another model loaded: a scene for this model (a new one, or the last one fitted to
  // it), made the current image again.
  useEffect(() => {
    if (!info || !trainedOn || !supports('composer', info)) return;
    const [h, w] = trainedOn.imageSize!;
    if (!c.scene) return act.setScene(emptyScene(w, h, DEFAULT_BACKGROUND), null);
    const fitted = fitScene(c.scene, trainedOn);
    if (fitted.dropped.length > 0) act.notify('info', `The scene lost ${fitted.dropped.length} emoji that ${info.name} has no class for (${fitted.dropped.join(', ')}).`);
    if (fitted.scene !== c.scene) act.setScene(fitted.scene);
    else if (c.shown === null) act.recompose();
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only opening the composer or a new model does this
  }, [info?.key]);

  const classes = useMemo(() => (trainedOn ? composerClasses(trainedOn, atlas?.index ?? null) : []), [trainedOn, atlas]);
  const names = useMemo(() => new Map(classes.map((k) => [k.emoji, k.name])), [classes]);
  const rendered = useMemo((): RenderedScene | { error: string } | null => {
    if (!atlas || !c.scene || !trainedOn) return null;
    try {
      return renderScene(c.scene, sceneAssets(atlas, trainedOn));
    } catch (e) {
      return { error: (e as Error).message };
    }
  }, [atlas, c.scene, trainedOn]);

  if (!info || !trainedOn || !supports('composer', info)) return null;
  const scene = c.scene;
  const picture = rendered && 'image' in rendered ? rendered : null;
  const nameOf = (emoji: string) => names.get(emoji) ?? emoji;
  const selected = scene?.items.find((it) => it.id === c.selected) ?? null;
  const change = (s: Scene, sel?: number | null) => act.setScene(s, sel);
  const add = (emoji: string, at?: { x: number; y: number }) => {
    if (!scene) return;
    const r = addItem(scene, emoji, at);
    change(r.scene, r.id);
    setFocusId(r.id);
  };
  const save = (kind: 'image' | 'mask') => {
    if (!picture || !scene) return;
    const bytes = kind === 'image' ? imagePng(picture.image) : maskPng(picture.mask, scene.width, scene.height, classes.length);
    downloadBlob(kind === 'image' ? COMPOSED_IMAGE : COMPOSED_MASK, new Blob([bytes.slice().buffer], { type: 'image/png' }));
  };
  const ready = !c.busy && c.shown === c.revision;
  const hm = view.heatmap;
  const labels = overlay === 'labels' ? (view.pd?.labels ?? null) : overlay === 'truth' ? (view.pd?.gt ?? null) : null;
  return (
    <section className="composer" aria-labelledby="composer-title" data-status={ready ? 'ready' : 'busy'} data-revision={c.revision} data-shown={c.shown ?? ''}>
      <div className="composer-left">
        <section className="panel">
          <h2 id="composer-title">Scene composer</h2>
          <p className="subtitle">
            {info.name} was trained on {trainedOn.dataset === 'emojiscenes' ? 'EmojiScenes' : trainedOn.dataset}: emoji of its {classes.length} classes on flat or
            patterned backgrounds, {trainedOn.imageSize![1]} × {trainedOn.imageSize![0]} px. Compose such a scene and every change is encoded again.
          </p>
          {scene && <BackgroundControls value={scene.background} onChange={(bg) => change(setBackground(scene, bg))} />}
          <fieldset className="composer-overlay-choice">
            <legend>On the scene</legend>
            {OVERLAYS.map(([k, label]) => (
              <label key={k}>
                <input type="radio" name="composer-overlay" value={k} checked={overlay === k} onChange={() => setOverlay(k)} /> {label}
              </label>
            ))}
          </fieldset>
          {atlasError && (
            <p className="load-error" role="alert">
              The emoji pictures did not load: {atlasError}
            </p>
          )}
          {rendered && 'error' in rendered && (
            <p className="load-error" role="alert">
              {rendered.error}
            </p>
          )}
          {c.error && (
            <p className="load-error" role="alert">
              {c.error}
            </p>
          )}
          {scene && (
            <ComposerStage
              scene={scene}
              rendered={picture}
              selected={c.selected}
              focusId={focusId}
              info={info}
              crop={view.crop}
              nameOf={nameOf}
              keysHelp={keysHelp}
              overlay={{ kind: overlay, values: overlay === 'heatmap' ? (hm?.values ?? null) : null, min: hm?.min ?? 0, max: hm?.max ?? 1, labels }}
              onChange={change}
              onSelect={act.select}
              onDropEmoji={add}
            />
          )}
          <p className="hint" id={keysHelp}>
            Drag an emoji to move it. {KEY_HELP}
          </p>
          {scene && <ItemControls scene={scene} item={selected} name={selected ? nameOf(selected.emoji) : ''} onChange={change} />}
          <div className="row composer-actions">
            <button type="button" disabled={!picture} onClick={() => save('image')}>
              Save scene PNG
            </button>
            <button type="button" disabled={!picture} onClick={() => save('mask')} title={`Class values 1..${classes.length} in the model's class order, 0 for background (the evaluation-set mask format)`}>
              Save mask PNG
            </button>
            <button type="button" disabled={!scene || scene.items.length === 0} onClick={() => scene && change({ ...scene, items: [] }, null)}>
              Clear
            </button>
            <button type="button" onClick={() => act.setView('inspect')}>
              Open in the Inspector
            </button>
          </div>
          <p className="hint">
            The page&apos;s address holds the scene: copy it to share. Emoji: Noto Emoji by Google, Apache License 2.0 (
            <a href={atlasUrl('NOTICE.md')} target="_blank" rel="noreferrer">
              notice
            </a>
            ).
          </p>
        </section>
        <EmojiPicker classes={classes} atlas={atlas?.index ?? null} onAdd={(e) => add(e)} />
      </div>
      <div className="composer-right">
        <ComposerResults />
      </div>
    </section>
  );
}
