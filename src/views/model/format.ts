/** Byte counts for people, in megabytes (bundles are MB to GB; tiny test bundles keep two digits). */
export function formatMB(bytes: number): string {
  const mb = bytes / 1e6;
  return `${mb >= 0.1 || mb === 0 ? mb.toFixed(1) : mb.toPrecision(2)} MB`;
}
