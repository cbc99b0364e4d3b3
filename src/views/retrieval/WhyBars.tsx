/** "Why this match": the shared words with the largest q_j * d_j, as bars scaled to the largest. */
import type { WhyWord } from '../../retrieval/messages';

export function WhyBars({ why, score }: { why: WhyWord[]; score: number }) {
  if (why.length === 0) return <p className="why-empty">No shared words.</p>;
  const max = why[0].value;
  return (
    <ul className="why-bars" aria-label="Why this match">
      {why.map((w) => (
        <li key={w.index} title={`${w.word}: q·d = ${w.value.toFixed(4)} (${((100 * w.value) / (score || 1)).toFixed(0)}% of the score)`}>
          <span className="why-word">{w.word}</span>
          <span className="why-bar" style={{ width: `${(100 * w.value) / (max || 1)}%` }} />
        </li>
      ))}
    </ul>
  );
}
