import { describe, expect, test } from 'vitest';
import { formatHectares, formatNumber } from '../../web/src/lib/number-format.ts';
import { wardNames } from '../../web/src/lib/ward-names.ts';

describe('numbers as each language writes them', () => {
  test('Vietnamese groups with dots and decimals with a comma; English the other way', () => {
    expect(formatNumber(18500, 'vi')).toBe('18.500');
    expect(formatNumber(18500, 'en')).toBe('18,500');
    expect(formatNumber(6.254, 'vi')).toBe('6,25');
    expect(formatNumber(6.254, 'en')).toBe('6.25');
  });

  test('hectares always with two decimals, as the server records them', () => {
    expect(formatHectares(17.2, 'vi')).toBe('17,20');
    expect(formatHectares(1234.5, 'en')).toBe('1,234.50');
  });
});

describe('ward names', () => {
  test('by period-keyed code from the ward layer; features without an id or name are left out', () => {
    const names = wardNames({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          id: '2025-01843',
          properties: { name: 'Phường Bắc Kạn' },
          geometry: null as never,
        },
        { type: 'Feature', properties: { name: 'Không mã' }, geometry: null as never },
        { type: 'Feature', id: '2025-01840', properties: {}, geometry: null as never },
      ],
    });
    expect(names).toEqual({ '2025-01843': 'Phường Bắc Kạn' });
    expect(wardNames(null)).toEqual({});
  });
});
