import { parseItemRefs, versionIdsOf } from './item-refs'

describe('the compact item text of a start answer', () => {
  const text = '1,TWK,clv0abc123,CADBE;2,TIU,twk-pancasila-07@3,BA;110,TKP,v_9,EDCBA'

  test('reads back position, subtest, version and this candidate\'s option order, in order', () => {
    expect(parseItemRefs(text)).toEqual([
      { position: 1, subtest: 'TWK', versionId: 'clv0abc123', options: ['C', 'A', 'D', 'B', 'E'] },
      { position: 2, subtest: 'TIU', versionId: 'twk-pancasila-07@3', options: ['B', 'A'] },
      { position: 110, subtest: 'TKP', versionId: 'v_9', options: ['E', 'D', 'C', 'B', 'A'] },
    ])
    expect(versionIdsOf(text)).toEqual(['clv0abc123', 'twk-pancasila-07@3', 'v_9'])
  })

  test('no items: an empty list, not one empty item', () => {
    expect(parseItemRefs('')).toEqual([])
    expect(parseItemRefs(null)).toEqual([])
    expect(versionIdsOf(undefined)).toEqual([])
  })
})
