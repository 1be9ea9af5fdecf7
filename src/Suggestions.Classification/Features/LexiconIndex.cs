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

    public LexiconIndex(IReadOnlyList<LexiconGroup> groups)
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
        _index = new HashIndex([.. Terms.Select(t => NGramHash.Of(t))]);
        foreach (var term in Terms)
        {
            var c = NGramHash.Fold(term[0]);
            _startChars[c >> 6] |= 1UL << (c & 63);
            MaxLength = Math.Max(MaxLength, term.Length);
        }
    }

    public IReadOnlyList<LexiconGroup> Groups { get; }

    /// <summary>The distinct normalised terms; an entry id indexes this list.</summary>
    public string[] Terms { get; }

    /// <summary>The groups each entry belongs to.</summary>
    public int[][] EntryGroups { get; }

    public int MaxLength { get; }

    public bool CanStart(char c)
    {
        c = NGramHash.Fold(c);
        return (_startChars[c >> 6] & (1UL << (c & 63))) != 0;
    }

    public int Find(ulong hash) => _index.Find(hash);
}
