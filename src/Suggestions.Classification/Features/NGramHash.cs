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
/// operation of classification and its cost is memory traffic, so the table is kept small: 8-byte
/// entries (the key's upper 32 bits as a fingerprint — the lower bits already chose the slot), and a
/// bit filter in front (16 bits per key, at most 64 KiB) that answers most lookups of unseen n-grams
/// without touching the table. A caller that can look ahead prefetches the slot instead
/// (<see cref="PrefetchSlot"/>, then <see cref="FindPrefetched"/>).
/// </summary>
internal sealed class HashIndex
{
    private const int MaxFilterBits = 1 << 19;

    private readonly Entry[] _entries;
    private readonly ulong[] _filter;
    private readonly int _filterMask;
    private readonly int _mask;

    public HashIndex(IReadOnlyList<ulong> keys)
        : this(keys, Enumerable.Range(0, keys.Count).ToArray())
    {
    }

    public HashIndex(IReadOnlyList<ulong> keys, IReadOnlyList<int> values)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(values);
        var capacity = 16;
        while (capacity < keys.Count * 2)
        {
            capacity <<= 1;
        }

        _entries = new Entry[capacity];
        _mask = capacity - 1;

        // The filter only saves time when it is much smaller than the table it guards and stays in cache;
        // its size never changes an answer (a clear bit means "absent" for certain, a set bit means "look").
        var filterBits = 4096;
        while (filterBits < keys.Count * 16 && filterBits < MaxFilterBits)
        {
            filterBits <<= 1;
        }

        _filter = new ulong[filterBits / 64];
        _filterMask = filterBits - 1;
        for (var i = 0; i < keys.Count; i++)
        {
            var key = keys[i];
            var fingerprint = Fingerprint(key);
            var slot = Slot(key);
            while (_entries[slot].Fingerprint != 0 && _entries[slot].Fingerprint != fingerprint)
            {
                slot = (slot + 1) & _mask;
            }

            _entries[slot] = new Entry(fingerprint, values[i]);
            var bit = FilterBit(key);
            _filter[bit >> 6] |= 1UL << (bit & 63);
        }
    }

    /// <summary>The value stored for <paramref name="key"/>, or -1.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int Find(ulong key)
    {
        var bit = FilterBit(key);
        if ((_filter[bit >> 6] & (1UL << (bit & 63))) == 0)
        {
            return -1;
        }

        return Probe(key);
    }

    /// <summary>
    /// <see cref="Find"/> for a key whose slot was prefetched (<see cref="PrefetchSlot"/>): the slot is
    /// in cache by now, so going there directly is cheaper than asking the filter first.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public int FindPrefetched(ulong key) => Probe(key);

    /// <summary>Starts loading the table slot that <see cref="FindPrefetched"/> will read for <paramref name="key"/>.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public void PrefetchSlot(ulong key) => RowMath.Prefetch(in _entries[Slot(key)]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private int Probe(ulong key)
    {
        var fingerprint = Fingerprint(key);
        var slot = Slot(key);
        while (true)
        {
            var entry = _entries[slot];
            if (entry.Fingerprint == fingerprint)
            {
                return entry.Value;
            }

            if (entry.Fingerprint == 0)
            {
                return -1;
            }

            slot = (slot + 1) & _mask;
        }
    }

    // FNV's low bits are poorly mixed: take the slot from the top bits of a Fibonacci-hashed key.
    private int Slot(ulong key) => (int)((key * 0x9E3779B97F4A7C15UL) >> 40) & _mask;

    // Zero marks an empty slot.
    private static uint Fingerprint(ulong key) => (uint)(key >> 32) | 1;

    private int FilterBit(ulong key) => (int)(key >> 40) & _filterMask;

    private readonly record struct Entry(uint Fingerprint, int Value);
}
