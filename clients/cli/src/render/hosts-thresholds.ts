/**
 * The load-threshold block that `bhosts -l` and `bqueues -l` share. LavaLite has no
 * scheduling thresholds yet, so every index shows OpenLava's dash, each padded exactly as
 * `printThresholds` pads an unset value of that index.
 */
const THRESHOLD_HEADER =
  '           r15s   r1m  r15m   ut      pg    io   ls    it    tmp    swp    mem';

/** One unset value per index, r15s to mem, in OpenLava's per-index widths. */
const UNSET_VALUES = [
  '   -  ',
  '   -  ',
  '   -  ',
  '   - ',
  '      - ',
  '    - ',
  '   - ',
  '    - ',
  '    -  ',
  '    -  ',
  '    -  ',
].join('');

/** The header, loadSched and loadStop lines, each ending with a newline. */
export function renderUnsetThresholds(): string {
  return `${THRESHOLD_HEADER}\n loadSched${UNSET_VALUES}\n loadStop ${UNSET_VALUES}\n`;
}
