namespace Suggestions.Classification.Features;

/// <summary>
/// 64-bit FNV-1a over characters, computed incrementally so that the hash of an n-gram extends the hash
/// of its (n-1)-gram prefix: one pass over the text yields the 1-, 2- and 3-grams and the lexicon terms
/// without building strings. Digits fold to '0' so that "15号" and "3号" share their features.
/// </summary>
internal static class NGramHash
{
    public const ulong Seed = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Extend(ulong hash, char c) => (hash ^ Fold(c)) * Prime;

    public static char Fold(char c) => char.IsAsciiDigit(c) ? '0' : c;

    public static ulong Of(ReadOnlySpan<char> text)
    {
        var hash = Seed;
        foreach (var c in text)
        {
            hash = Extend(hash, c);
        }

        return hash;
    }
}

/// <summary>
/// Open-addressing map from a 64-bit key to a dense index. The vocabulary lookup is the innermost
/// operation of classification; a flat probe array beats <see cref="Dictionary{TKey,TValue}"/> there.
/// </summary>
internal sealed class HashIndex
{
    private readonly ulong[] _keys;
    private readonly int[] _values;
    private readonly int _mask;

    public HashIndex(IReadOnlyList<ulong> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var capacity = 16;
        while (capacity < keys.Count * 2)
        {
            capacity <<= 1;
        }

        _keys = new ulong[capacity];
        _values = new int[capacity];
        _mask = capacity - 1;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = Nonzero(keys[i]);
            var slot = Slot(key);
            while (_keys[slot] != 0 && _keys[slot] != key)
            {
                slot = (slot + 1) & _mask;
            }

            _keys[slot] = key;
            _values[slot] = i;
        }
    }

    public int Find(ulong key)
    {
        key = Nonzero(key);
        var slot = Slot(key);
        while (true)
        {
            var k = _keys[slot];
            if (k == key)
            {
                return _values[slot];
            }

            if (k == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    private int Slot(ulong key) => (int)((key ^ (key >> 29)) & (ulong)_mask);

    // Zero marks an empty slot.
    private static ulong Nonzero(ulong key) => key == 0 ? 1 : key;
}
