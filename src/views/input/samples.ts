/** Sample images listed in public/samples/samples.json (so swapping images needs no code change). */
export interface Sample {
  file: string;
  label: string;
}

export function samplesBase(): string {
  return `${import.meta.env.BASE_URL}samples/`;
}

export async function loadSampleList(): Promise<Sample[]> {
  const url = `${samplesBase()}samples.json`;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}, expected a JSON list of sample images`);
  const json: unknown = await res.json();
  if (!Array.isArray(json) || !json.every((s) => typeof s?.file === 'string' && typeof s?.label === 'string')) {
    throw new Error(`${url}: expected [{ "file": string, "label": string }, ...]`);
  }
  return json as Sample[];
}

export async function fetchSample(s: Sample): Promise<ArrayBuffer> {
  const url = samplesBase() + s.file;
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}
