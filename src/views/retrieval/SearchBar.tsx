/** Queries over the open gallery: text -> image, and the inspected image -> images or captions. */
import { useState } from 'react';
import { useExplorerShallow } from '../../state';

export function SearchBar() {
  const { gallery, imageName, search, searching, prepareText } = useExplorerShallow((s) => ({
    prepareText: s.prepareText,
    gallery: s.retrieval.gallery,
    imageName: s.image.name,
    search: s.searchGallery,
    searching: s.retrieval.searching,
  }));
  const [text, setText] = useState('');
  if (!gallery) return null;
  const onSubmit = (e: React.FormEvent) => {
    e.preventDefault();
    if (text.trim()) void search({ kind: 'text', text }, 'images');
  };
  return (
    <div className="search-bar">
      <form onSubmit={onSubmit} className="row">
        <input type="search" aria-label="Retrieval query" placeholder="Describe an image…" value={text} onChange={(e) => setText(e.currentTarget.value)} onFocus={prepareText} />
        <button type="submit" disabled={!text.trim() || searching}>Search images</button>
      </form>
      <div className="row">
        <button type="button" disabled={!imageName || searching} onClick={() => void search({ kind: 'image', name: imageName! }, 'images')}>
          Similar images to the inspected one
        </button>
        {gallery.captions > 0 && (
          <button type="button" disabled={!imageName || searching} onClick={() => void search({ kind: 'image', name: imageName! }, 'captions')}>
            Captions for the inspected image
          </button>
        )}
      </div>
    </div>
  );
}
