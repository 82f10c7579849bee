import { renderUnsetThresholds } from '../../src/render/hosts-thresholds';

describe('renderUnsetThresholds', () => {
  it('prints the OpenLava threshold header and a dash per index, padded per index', () => {
    expect(renderUnsetThresholds()).toBe(
      '           r15s   r1m  r15m   ut      pg    io   ls    it    tmp    swp    mem\n' +
        ' loadSched   -     -     -     -       -     -    -     -     -      -      -  \n' +
        ' loadStop    -     -     -     -       -     -    -     -     -      -      -  \n',
    );
  });
});
