namespace Suggestions.Classification.Features;

/// <summary>A named group of curated terms: a category's lexicon or a criteria cue.</summary>
public sealed record LexiconGroup(string Name, IReadOnlyList<string> Terms);

/// <summary>
/// Finds the lexicon terms in a text during the n-gram pass: terms are hashed like n-grams, and a bitmap
/// of first characters skips the positions where no term can start.
/// </summary>
internal sealed class LexiconIndex
{
    private readonly HashIndex _index;
    private readonly ulong[] _startChars = new ulong[65536 / 64];

    // Most positions where a term could start have no term there: these bitmaps answer that for the first
    // two characters, so the table is only read where some term starts with both. (All 16 KiB of them
    // stay in cache; the table does not.)
    private readonly ulong[] _startPairs = new ulong[PairBits / 64];
    private readonly ulong[] _singleChars = new ulong[65536 / 64];
    private readonly Dictionary<char, int> _singleCharTerms = [];

    /// <param name="groups">The groups; a term may belong to several.</param>
    /// <param name="longestMatch">
    /// The groups whose terms count only where no longer term of these groups covers them (加班 inside
    /// 增加班次, 自行车 inside 电动自行车): the area groups. Null: every term counts wherever it occurs.
    /// </param>
    public LexiconIndex(IReadOnlyList<LexiconGroup> groups, Func<LexiconGroup, bool>? longestMatch = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        Groups = groups;
        var termGroups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var g = 0; g < groups.Count; g++)
        {
            foreach (var raw in groups[g].Terms)
            {
                var term = Text.TextNormalizer.Normalize(raw);
                if (term.Length == 0 || !term.All(char.IsLetterOrDigit))
                {
                    continue;
                }

                if (!termGroups.TryGetValue(term, out var list))
                {
                    termGroups[term] = list = [];
                }

                if (!list.Contains(g))
                {
                    list.Add(g);
                }
            }
        }

        Terms = [.. termGroups.Keys];
        EntryGroups = [.. termGroups.Values.Select(l => l.ToArray())];
        var inLongestMatch = groups.Select(g => longestMatch?.Invoke(g) ?? false).ToArray();
        EntryLongestMatch = [.. EntryGroups.Select(gs => gs.Any(g => inLongestMatch[g]))];
        EntryNestedGroups = [.. EntryGroups.Select(gs => gs.Where(g => !inLongestMatch[g]).ToArray())];

        // Proper prefixes of terms are stored too (as PrefixOnly), so the scanner can stop extending a
        // candidate as soon as no term starts that way.
        var keys = new List<ulong>();
        var values = new List<int>();
        var seen = new HashSet<ulong>();
        for (var e = 0; e < Terms.Length; e++)
        {
            keys.Add(NGramHash.Of(Terms[e]));
            values.Add(e);
            seen.Add(keys[^1]);
        }

        foreach (var term in Terms)
        {
            for (var length = 1; length < term.Length; length++)
            {
                var prefix = NGramHash.Of(term.AsSpan(0, length));
                if (seen.Add(prefix))
                {
                    keys.Add(prefix);
                    values.Add(PrefixOnly);
                }
            }
        }

        _index = new HashIndex(keys, values);
        foreach (var term in Terms)
        {
            var c = NGramHash.Fold(term[0]);
            _startChars[c >> 6] |= 1UL << (c & 63);
            MaxLength = Math.Max(MaxLength, term.Length);
            if (term.Length >= 2)
            {
                var pair = PairBit(c, NGramHash.Fold(term[1]));
                _startPairs[pair >> 6] |= 1UL << (pair & 63);
            }

            // Whatever the table answers for the first character, a term or a prefix, answered from here.
            var first = _index.Find(NGramHash.Extend(NGramHash.Seed, c));
            if (first >= 0)
            {
                _singleCharTerms[c] = first;
                _singleChars[c >> 6] |= 1UL << (c & 63);
            }
        }
    }

    /// <summary>What <see cref="Find"/> returns for a proper prefix of a term that is not a term itself.</summary>
    public const int PrefixOnly = -2;

    public IReadOnlyList<LexiconGroup> Groups { get; }

    /// <summary>The distinct normalised terms; an entry id indexes this list.</summary>
    public string[] Terms { get; }

    /// <summary>The groups each entry belongs to.</summary>
    public int[][] EntryGroups { get; }

    /// <summary>Whether the entry belongs to a longest-match group (it may then be reported as nested).</summary>
    public bool[] EntryLongestMatch { get; }

    /// <summary>The groups a nested occurrence of the entry still counts for: those outside the longest-match ones.</summary>
    public int[][] EntryNestedGroups { get; }

    /// <summary>The groups this occurrence counts for.</summary>
    public int[] GroupsOf(int entry, bool nested) => nested ? EntryNestedGroups[entry] : EntryGroups[entry];

    public int MaxLength { get; }

    public bool CanStart(char c)
    {
        c = NGramHash.Fold(c);
        return (_startChars[c >> 6] & (1UL << (c & 63))) != 0;
    }

    /// <summary>The entry of the term with this hash, <see cref="PrefixOnly"/>, or -1 (no term starts this way).</summary>
    public int Find(ulong hash) => _index.Find(hash);

    /// <summary>
    /// What <see cref="Find"/> answers for the one-character text <paramref name="c"/>, given
    /// <see cref="CanStart"/>: the entry of that one-character term, or <see cref="PrefixOnly"/>.
    /// </summary>
    public int FindFirst(char c)
    {
        c = NGramHash.Fold(c);
        return (_singleChars[c >> 6] & (1UL << (c & 63))) == 0 ? PrefixOnly : _singleCharTerms[c];
    }

    /// <summary>False when no term starts with these two characters (true may be a false alarm).</summary>
    public bool CanStart(char first, char second)
    {
        var pair = PairBit(NGramHash.Fold(first), NGramHash.Fold(second));
        return (_startPairs[pair >> 6] & (1UL << (pair & 63))) != 0;
    }

    private const int PairBits = 1 << 16;

    private static int PairBit(char first, char second) => (int)((((uint)first << 16) | second) * 0x9E3779B1u >> 16);
}
