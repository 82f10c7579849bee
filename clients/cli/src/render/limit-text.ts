/** A run limit as LSF's long formats show it: `60.0 min`. */
export function runLimitText(seconds: number): string {
  return `${(seconds / 60).toFixed(1)} min`;
}

/** A memory limit in LSF's short units: `2 G`, `512 M`, or `1000 K` when neither divides it. */
export function memLimitText(kb: number): string {
  if (kb % (1024 * 1024) === 0) {
    return `${kb / (1024 * 1024)} G`;
  }
  return kb % 1024 === 0 ? `${kb / 1024} M` : `${kb} K`;
}
